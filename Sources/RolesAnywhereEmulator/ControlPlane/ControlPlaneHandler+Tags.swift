import Foundation

extension ControlPlaneHandler {
    /// Tags a resource may have.
    static let tagQuota = 200

    struct TagList: Encodable { var tags: [LocalResource.Tag] }
    struct Empty: Encodable {}

    func tagResource(_ call: ControlPlaneCall) async throws -> ControlPlaneCall.Output {
        struct Input: Decodable, Sendable { var resourceArn: String?; var tags: [LocalResource.Tag]? }
        let input = try call.body(Input.self)
        var constraints = ControlPlaneError.Constraints()
        constraints.check(input.resourceArn != nil, value: nil, at: "resourceArn", "Member must not be null")
        constraints.check(input.tags != nil, value: nil, at: "tags", "Member must not be null")
        Self.checkTags(input.tags, &constraints)
        try constraints.done()
        let arn = input.resourceArn ?? ""
        return try await call.commit { mirror in
            try Self.checkTaggable(arn, in: mirror)
            var tags = mirror.tags[arn] ?? []
            for tag in input.tags ?? [] {
                if let index = tags.firstIndex(where: { $0.key == tag.key }) { tags[index] = tag } else { tags.append(tag) }
            }
            guard tags.count <= Self.tagQuota else {
                throw ControlPlaneError(status: 400, type: "TooManyTagsException", message: "A resource may have at most \(Self.tagQuota) tags")
            }
            return ([.tags(arn, tags)], call.answer(Empty(), status: 201, resources: [(Self.resourceType(arn), arn)]))
        }
    }

    func untagResource(_ call: ControlPlaneCall) async throws -> ControlPlaneCall.Output {
        struct Input: Decodable, Sendable { var resourceArn: String?; var tagKeys: [String]? }
        let input = try call.body(Input.self)
        var constraints = ControlPlaneError.Constraints()
        constraints.check(input.resourceArn != nil, value: nil, at: "resourceArn", "Member must not be null")
        constraints.check(input.tagKeys != nil, value: nil, at: "tagKeys", "Member must not be null")
        try constraints.done()
        let arn = input.resourceArn ?? ""
        let keys = Set(input.tagKeys ?? [])
        return try await call.commit { mirror in
            try Self.checkTaggable(arn, in: mirror)
            let tags = (mirror.tags[arn] ?? []).filter { !keys.contains($0.key) }
            return ([.tags(arn, tags)], call.answer(Empty(), resources: [(Self.resourceType(arn), arn)]))
        }
    }

    func listTagsForResource(_ call: ControlPlaneCall) throws -> ControlPlaneCall.Output {
        let arn = call.query("resourceArn").first
        var constraints = ControlPlaneError.Constraints()
        constraints.check(arn != nil, value: nil, at: "resourceArn", "Member must not be null")
        try constraints.done()
        let mirror = state.snapshot
        try Self.checkTaggable(arn ?? "", in: mirror)
        return call.answer(TagList(tags: mirror.tags[arn ?? ""] ?? []), resources: [(Self.resourceType(arn ?? ""), arn ?? "")])
    }

    static func checkTags(_ tags: [LocalResource.Tag]?, _ constraints: inout ControlPlaneError.Constraints) {
        constraints.count(tags, at: "tags", max: tagQuota)
        let keys = (tags ?? []).map(\.key)
        constraints.check(Set(keys).count == keys.count, value: nil, at: "tags", "Member must have unique keys")
        // AWS's tag pattern: [ a-zA-Z0-9_.:/=+@-]*
        let allowed = { (text: String) in text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || " _.:/=+@-".contains($0)) } }
        for (index, tag) in (tags ?? []).enumerated() {
            constraints.check((1...128).contains(tag.key.count), value: tag.key, at: "tags.\(index + 1).member.key",
                              "Member must have length between 1 and 128")
            constraints.check(allowed(tag.key), value: tag.key, at: "tags.\(index + 1).member.key",
                              "Member must satisfy regular expression pattern: [ a-zA-Z0-9_.:/=+@-]*")
            constraints.check(tag.value.count <= 256, value: tag.value, at: "tags.\(index + 1).member.value",
                              "Member must have length less than or equal to 256")
            constraints.check(allowed(tag.value), value: tag.value, at: "tags.\(index + 1).member.value",
                              "Member must satisfy regular expression pattern: [ a-zA-Z0-9_.:/=+@-]*")
        }
    }

    static func checkTaggable(_ arn: String, in mirror: EmulatorState.Mirror) throws(ControlPlaneError) {
        guard mirror.trustAnchors[arn] != nil || mirror.profiles[arn] != nil || mirror.crls[arn] != nil else {
            throw .notFound("Resource not found")
        }
    }

    static func resourceType(_ arn: String) -> String {
        if arn.contains(":trust-anchor/") { return "AWS::RolesAnywhere::TrustAnchor" }
        if arn.contains(":profile/") { return "AWS::RolesAnywhere::Profile" }
        return "AWS::RolesAnywhere::CRL"
    }
}
