import Foundation

extension ControlPlaneHandler {
    /// Profiles may number 250 in an account and region.
    static let profileQuota = 250

    struct ProfileAnswer: Encodable { var profile: LocalResource.Profile }
    struct ProfileList: Encodable { var profiles: [LocalResource.Profile]; var nextToken: String? }

    func createProfile(_ call: ControlPlaneCall) async throws -> ControlPlaneCall.Output {
        struct Input: Decodable, Sendable {
            var name: String?
            var roleArns: [String]?
            var managedPolicyArns: [String]?
            var sessionPolicy: String?
            var durationSeconds: Int?
            var enabled: Bool?
            var requireInstanceProperties: Bool?
            var acceptRoleSessionName: Bool?
            var tags: [LocalResource.Tag]?
        }
        let input = try call.body(Input.self)
        var constraints = ControlPlaneError.Constraints()
        constraints.name(input.name, at: "name", required: true)
        constraints.check(input.roleArns != nil, value: nil, at: "roleArns", "Member must not be null")
        Self.checkProfileFields(
            roleArns: input.roleArns, managedPolicyArns: input.managedPolicyArns, durationSeconds: input.durationSeconds,
            sessionPolicy: input.sessionPolicy, &constraints)
        Self.checkTags(input.tags, &constraints)
        try constraints.done()
        let id = RandomID.uuid()
        let profile = LocalResource.Profile(
            profileId: id, profileArn: state.arn("profile", id), name: input.name ?? "", roleArns: input.roleArns ?? [],
            managedPolicyArns: input.managedPolicyArns ?? [], sessionPolicy: input.sessionPolicy,
            durationSeconds: input.durationSeconds ?? 3600, enabled: input.enabled ?? false,
            requireInstanceProperties: input.requireInstanceProperties ?? false,
            acceptRoleSessionName: input.acceptRoleSessionName ?? false, attributeMappings: LocalResource.AttributeMapping.defaults,
            createdBy: call.draft.caller?.assumedRoleARN ?? "", createdAt: call.timestamp, updatedAt: call.timestamp)
        return try await call.commit { mirror in
            guard mirror.profiles.count < Self.profileQuota else {
                throw ControlPlaneError.validation("Profile quota of \(Self.profileQuota) reached: delete one first")
            }
            try Self.checkRolesExist(profile.roleArns, in: mirror)
            return (
                [.profile(profile), .tags(profile.profileArn, input.tags ?? [])],
                call.answer(ProfileAnswer(profile: profile), status: 201, resources: [("AWS::RolesAnywhere::Profile", profile.profileArn)])
            )
        }
    }

    func listProfiles(_ call: ControlPlaneCall) throws -> ControlPlaneCall.Output {
        let page = try Pagination.page(Array(state.snapshot.profiles.values), sortKey: { $0.createdAt + $0.profileId }, call: call)
        return call.answer(ProfileList(profiles: page.items, nextToken: page.nextToken))
    }

    func getProfile(_ call: ControlPlaneCall) throws -> ControlPlaneCall.Output {
        let profile = try Self.profile(call.pathID("profileId"), in: state.snapshot, state: state)
        return call.answer(ProfileAnswer(profile: profile), resources: [("AWS::RolesAnywhere::Profile", profile.profileArn)])
    }

    func updateProfile(_ call: ControlPlaneCall) async throws -> ControlPlaneCall.Output {
        struct Input: Decodable, Sendable {
            var name: String?
            var roleArns: [String]?
            var managedPolicyArns: [String]?
            var sessionPolicy: String?
            var durationSeconds: Int?
            var acceptRoleSessionName: Bool?
        }
        let id = try call.pathID("profileId")
        let input = try call.body(Input.self)
        var constraints = ControlPlaneError.Constraints()
        constraints.name(input.name, at: "name", required: false)
        Self.checkProfileFields(
            roleArns: input.roleArns, managedPolicyArns: input.managedPolicyArns, durationSeconds: input.durationSeconds,
            sessionPolicy: input.sessionPolicy, &constraints)
        try constraints.done()
        return try await change(profile: id, call) { profile, mirror in
            if let roleArns = input.roleArns {
                try Self.checkRolesExist(roleArns, in: mirror)
                profile.roleArns = roleArns
            }
            if let name = input.name { profile.name = name }
            if let value = input.managedPolicyArns { profile.managedPolicyArns = value }
            if let value = input.sessionPolicy { profile.sessionPolicy = value }
            if let value = input.durationSeconds { profile.durationSeconds = value }
            if let value = input.acceptRoleSessionName { profile.acceptRoleSessionName = value }
        }
    }

    func deleteProfile(_ call: ControlPlaneCall) async throws -> ControlPlaneCall.Output {
        let id = try call.pathID("profileId")
        return try await call.commit { [state] mirror in
            let profile = try Self.profile(id, in: mirror, state: state)
            return ([.removed(profile.profileArn)], call.answer(ProfileAnswer(profile: profile), resources: [("AWS::RolesAnywhere::Profile", profile.profileArn)]))
        }
    }

    func setProfile(_ call: ControlPlaneCall, enabled: Bool) async throws -> ControlPlaneCall.Output {
        try await change(profile: try call.pathID("profileId"), call) { profile, _ in profile.enabled = enabled }
    }

    func putAttributeMapping(_ call: ControlPlaneCall) async throws -> ControlPlaneCall.Output {
        struct Input: Decodable, Sendable {
            var certificateField: String?
            var mappingRules: [LocalResource.AttributeMapping.MappingRule]?
        }
        let id = try call.pathID("profileId")
        let input = try call.body(Input.self)
        var constraints = ControlPlaneError.Constraints()
        constraints.oneOf(input.certificateField, at: "certificateField", Self.certificateFields)
        constraints.check(input.mappingRules != nil, value: nil, at: "mappingRules", "Member must not be null")
        for (index, rule) in (input.mappingRules ?? []).enumerated() {
            constraints.check(rule.specifier.count <= 60, value: rule.specifier, at: "mappingRules.\(index + 1).member.specifier",
                              "Member must have length less than or equal to 60")
        }
        try constraints.done()
        let field = input.certificateField ?? ""
        let rules = input.mappingRules ?? []
        return try await change(profile: id, call) { profile, _ in
            if let index = profile.attributeMappings.firstIndex(where: { $0.certificateField == field }) {
                var merged = profile.attributeMappings[index].mappingRules
                for rule in rules where !merged.contains(rule) { merged.append(rule) }
                profile.attributeMappings[index].mappingRules = merged
            } else {
                profile.attributeMappings.append(LocalResource.AttributeMapping(certificateField: field, mappingRules: rules))
            }
        }
    }

    func deleteAttributeMapping(_ call: ControlPlaneCall) async throws -> ControlPlaneCall.Output {
        let id = try call.pathID("profileId")
        let field = call.query("certificateField").first
        let specifiers = call.query("specifiers")
        var constraints = ControlPlaneError.Constraints()
        constraints.oneOf(field, at: "certificateField", Self.certificateFields)
        try constraints.done()
        return try await change(profile: id, call) { profile, _ in
            guard let index = profile.attributeMappings.firstIndex(where: { $0.certificateField == field }) else {
                throw ControlPlaneError.notFound("No attribute mapping for \(field ?? "")")
            }
            if specifiers.isEmpty {
                profile.attributeMappings.remove(at: index)
            } else {
                profile.attributeMappings[index].mappingRules.removeAll { specifiers.contains($0.specifier) }
                if profile.attributeMappings[index].mappingRules.isEmpty { profile.attributeMappings.remove(at: index) }
            }
        }
    }

    static let certificateFields = ["x509Subject", "x509Issuer", "x509SAN"]

    /// Changes one profile in a transaction and answers `{"profile"}`.
    private func change(
        profile id: String, _ call: ControlPlaneCall,
        _ edit: @escaping @Sendable (inout LocalResource.Profile, EmulatorState.Mirror) throws -> Void
    ) async throws -> ControlPlaneCall.Output {
        try await call.commit { [state] mirror in
            var profile = try Self.profile(id, in: mirror, state: state)
            try edit(&profile, mirror)
            profile.updatedAt = call.timestamp
            return ([.profile(profile)], call.answer(ProfileAnswer(profile: profile), resources: [("AWS::RolesAnywhere::Profile", profile.profileArn)]))
        }
    }

    static func checkProfileFields(
        roleArns: [String]?, managedPolicyArns: [String]?, durationSeconds: Int?, sessionPolicy: String?,
        _ constraints: inout ControlPlaneError.Constraints
    ) {
        constraints.count(roleArns, at: "roleArns", max: 250)
        constraints.count(managedPolicyArns, at: "managedPolicyArns", max: 50)
        constraints.range(durationSeconds, at: "durationSeconds", 900...43_200)
        for (index, arn) in (roleArns ?? []).enumerated() {
            constraints.check(
                arn.hasPrefix("arn:aws:iam::") && arn.contains(":role/"), value: arn, at: "roleArns.\(index + 1).member",
                "Member must satisfy regular expression pattern: ^arn:aws(-[^:]+)?:iam(::\\d{12})?:role(/.+)?$")
        }
        if let sessionPolicy {
            constraints.check(sessionPolicy.utf8.count <= 100_000, at: "sessionPolicy", "Member must have length less than or equal to 100000")
            constraints.check(
                (try? JSONSerialization.jsonObject(with: Data(sessionPolicy.utf8))) is [String: Any], at: "sessionPolicy",
                "Member must be a JSON policy document")
        }
    }

    /// A profile names only roles that exist.
    static func checkRolesExist(_ arns: [String], in mirror: EmulatorState.Mirror) throws(ControlPlaneError) {
        for arn in arns where mirror.roles[arn] == nil {
            throw .validation("Role \(arn) does not exist: create it with `aws iam create-role` first")
        }
    }

    static func profile(_ id: String, in mirror: EmulatorState.Mirror, state: EmulatorState) throws(ControlPlaneError) -> LocalResource.Profile {
        guard let profile = mirror.profiles[state.arn("profile", id)] else { throw .notFound("Resource not found") }
        return profile
    }
}
