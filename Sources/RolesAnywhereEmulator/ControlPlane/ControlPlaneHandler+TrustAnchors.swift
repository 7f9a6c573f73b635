import Foundation
import X509

extension ControlPlaneHandler {
    /// Trust anchors may number 50 in an account and region.
    static let trustAnchorQuota = 50

    struct TrustAnchorAnswer: Encodable { var trustAnchor: LocalResource.TrustAnchor }
    struct TrustAnchorList: Encodable { var trustAnchors: [LocalResource.TrustAnchor]; var nextToken: String? }

    struct SourceInput: Decodable, Sendable {
        var sourceType: String?
        var sourceData: LocalResource.TrustAnchor.SourceData?
    }

    struct NotificationInput: Decodable, Sendable {
        var enabled: Bool?
        var event: String?
        var threshold: Int?
        var channel: String?
    }

    func createTrustAnchor(_ call: ControlPlaneCall) async throws -> ControlPlaneCall.Output {
        struct Input: Decodable, Sendable {
            var name: String?
            var source: SourceInput?
            var enabled: Bool?
            var tags: [LocalResource.Tag]?
            var notificationSettings: [NotificationInput]?
        }
        let input = try call.body(Input.self)
        var constraints = ControlPlaneError.Constraints()
        constraints.name(input.name, at: "name", required: true)
        constraints.check(input.source != nil, value: nil, at: "source", "Member must not be null")
        Self.checkTags(input.tags, &constraints)
        try constraints.done()
        let source = try checkSource(input.source)
        let settings = try Self.notificationSettings(input.notificationSettings, over: LocalResource.NotificationSetting.defaults, account: state.accountID)
        let id = RandomID.uuid()
        let anchor = LocalResource.TrustAnchor(
            trustAnchorId: id, trustAnchorArn: state.arn("trust-anchor", id), name: input.name ?? "", source: source,
            enabled: input.enabled ?? false, notificationSettings: settings, createdAt: call.timestamp, updatedAt: call.timestamp)
        return try await call.commit { mirror in
            guard mirror.trustAnchors.count < Self.trustAnchorQuota else {
                throw ControlPlaneError.validation("Trust anchor quota of \(Self.trustAnchorQuota) reached: delete one first")
            }
            return (
                [.trustAnchor(anchor), .tags(anchor.trustAnchorArn, input.tags ?? [])],
                call.answer(TrustAnchorAnswer(trustAnchor: anchor), status: 201, resources: [("AWS::RolesAnywhere::TrustAnchor", anchor.trustAnchorArn)])
            )
        }
    }

    func listTrustAnchors(_ call: ControlPlaneCall) throws -> ControlPlaneCall.Output {
        let page = try Pagination.page(Array(state.snapshot.trustAnchors.values), sortKey: { $0.createdAt + $0.trustAnchorId }, call: call)
        return call.answer(TrustAnchorList(trustAnchors: page.items, nextToken: page.nextToken))
    }

    func getTrustAnchor(_ call: ControlPlaneCall) throws -> ControlPlaneCall.Output {
        let anchor = try Self.trustAnchor(call.pathID("trustAnchorId"), in: state.snapshot, state: state)
        return call.answer(TrustAnchorAnswer(trustAnchor: anchor), resources: [("AWS::RolesAnywhere::TrustAnchor", anchor.trustAnchorArn)])
    }

    func updateTrustAnchor(_ call: ControlPlaneCall) async throws -> ControlPlaneCall.Output {
        struct Input: Decodable, Sendable { var name: String?; var source: SourceInput? }
        let id = try call.pathID("trustAnchorId")
        let input = try call.body(Input.self)
        var constraints = ControlPlaneError.Constraints()
        constraints.name(input.name, at: "name", required: false)
        try constraints.done()
        let source = try input.source.map { try checkSource($0) }
        return try await call.commit { [state] mirror in
            var anchor = try Self.trustAnchor(id, in: mirror, state: state)
            if let name = input.name { anchor.name = name }
            if let source { anchor.source = source }
            anchor.updatedAt = call.timestamp
            return ([.trustAnchor(anchor)], call.answer(TrustAnchorAnswer(trustAnchor: anchor), resources: [("AWS::RolesAnywhere::TrustAnchor", anchor.trustAnchorArn)]))
        }
    }

    func deleteTrustAnchor(_ call: ControlPlaneCall) async throws -> ControlPlaneCall.Output {
        let id = try call.pathID("trustAnchorId")
        return try await call.commit { [state] mirror in
            let anchor = try Self.trustAnchor(id, in: mirror, state: state)
            // Its CRLs go with it, as in AWS.
            let crls = mirror.crls.values.filter { $0.trustAnchorArn == anchor.trustAnchorArn }.map { EmulatorState.Change.removed($0.crlArn) }
            return ([.removed(anchor.trustAnchorArn)] + crls, call.answer(TrustAnchorAnswer(trustAnchor: anchor), resources: [("AWS::RolesAnywhere::TrustAnchor", anchor.trustAnchorArn)]))
        }
    }

    func setTrustAnchor(_ call: ControlPlaneCall, enabled: Bool) async throws -> ControlPlaneCall.Output {
        let id = try call.pathID("trustAnchorId")
        return try await call.commit { [state] mirror in
            var anchor = try Self.trustAnchor(id, in: mirror, state: state)
            anchor.enabled = enabled
            anchor.updatedAt = call.timestamp
            return ([.trustAnchor(anchor)], call.answer(TrustAnchorAnswer(trustAnchor: anchor), resources: [("AWS::RolesAnywhere::TrustAnchor", anchor.trustAnchorArn)]))
        }
    }

    func putNotificationSettings(_ call: ControlPlaneCall) async throws -> ControlPlaneCall.Output {
        struct Input: Decodable, Sendable { var trustAnchorId: String?; var notificationSettings: [NotificationInput]? }
        let input = try call.body(Input.self)
        var constraints = ControlPlaneError.Constraints()
        constraints.check(input.trustAnchorId != nil, value: nil, at: "trustAnchorId", "Member must not be null")
        constraints.check(input.notificationSettings != nil, value: nil, at: "notificationSettings", "Member must not be null")
        constraints.count(input.notificationSettings, at: "notificationSettings", max: 50)
        try constraints.done()
        let id = (input.trustAnchorId ?? "").lowercased()
        return try await call.commit { [state] mirror in
            var anchor = try Self.trustAnchor(id, in: mirror, state: state)
            anchor.notificationSettings = try Self.notificationSettings(input.notificationSettings, over: anchor.notificationSettings, account: state.accountID)
            anchor.updatedAt = call.timestamp
            return ([.trustAnchor(anchor)], call.answer(TrustAnchorAnswer(trustAnchor: anchor), resources: [("AWS::RolesAnywhere::TrustAnchor", anchor.trustAnchorArn)]))
        }
    }

    func resetNotificationSettings(_ call: ControlPlaneCall) async throws -> ControlPlaneCall.Output {
        struct Key: Decodable, Sendable { var event: String?; var channel: String? }
        struct Input: Decodable, Sendable { var trustAnchorId: String?; var notificationSettingKeys: [Key]? }
        let input = try call.body(Input.self)
        var constraints = ControlPlaneError.Constraints()
        constraints.check(input.trustAnchorId != nil, value: nil, at: "trustAnchorId", "Member must not be null")
        constraints.check(input.notificationSettingKeys != nil, value: nil, at: "notificationSettingKeys", "Member must not be null")
        for (index, key) in (input.notificationSettingKeys ?? []).enumerated() {
            constraints.oneOf(key.event, at: "notificationSettingKeys.\(index + 1).member.event", Self.notificationEvents)
        }
        try constraints.done()
        let id = (input.trustAnchorId ?? "").lowercased()
        let events = Set((input.notificationSettingKeys ?? []).compactMap(\.event))
        return try await call.commit { [state] mirror in
            var anchor = try Self.trustAnchor(id, in: mirror, state: state)
            anchor.notificationSettings = anchor.notificationSettings.map { setting in
                events.contains(setting.event)
                    ? LocalResource.NotificationSetting.defaults.first { $0.event == setting.event } ?? setting : setting
            }
            anchor.updatedAt = call.timestamp
            return ([.trustAnchor(anchor)], call.answer(TrustAnchorAnswer(trustAnchor: anchor), resources: [("AWS::RolesAnywhere::TrustAnchor", anchor.trustAnchorArn)]))
        }
    }

    static let notificationEvents = ["CA_CERTIFICATE_EXPIRY", "END_ENTITY_CERTIFICATE_EXPIRY"]

    /// Settings given over the current ones, checked: one per event, threshold 1-360, channel ALL.
    static func notificationSettings(
        _ inputs: [NotificationInput]?, over current: [LocalResource.NotificationSetting], account: String
    ) throws(ControlPlaneError) -> [LocalResource.NotificationSetting] {
        var constraints = ControlPlaneError.Constraints()
        var settings = current
        for (index, input) in (inputs ?? []).enumerated() {
            let at = "notificationSettings.\(index + 1).member"
            constraints.check(input.enabled != nil, value: nil, at: "\(at).enabled", "Member must not be null")
            constraints.oneOf(input.event, at: "\(at).event", notificationEvents)
            constraints.range(input.threshold, at: "\(at).threshold", 1...360)
            constraints.oneOf(input.channel, at: "\(at).channel", ["ALL"], required: false)
            guard let event = input.event, notificationEvents.contains(event) else { continue }
            let setting = LocalResource.NotificationSetting(
                enabled: input.enabled ?? true, event: event, threshold: input.threshold ?? 45, channel: input.channel ?? "ALL",
                configuredBy: account)
            if let existing = settings.firstIndex(where: { $0.event == event }) { settings[existing] = setting } else { settings.append(setting) }
        }
        try constraints.done()
        return settings
    }

    /// The source checked: a known type with exactly its own data member, and certificates that read.
    func checkSource(_ input: SourceInput?) throws(ControlPlaneError) -> LocalResource.TrustAnchor.Source {
        var constraints = ControlPlaneError.Constraints()
        constraints.oneOf(input?.sourceType, at: "source.sourceType", ["AWS_ACM_PCA", "CERTIFICATE_BUNDLE", "SELF_SIGNED_REPOSITORY"])
        constraints.check(input?.sourceData != nil, value: nil, at: "source.sourceData", "Member must not be null")
        try constraints.done()
        let type = input?.sourceType ?? ""
        let data = input?.sourceData ?? .init()
        switch type {
        case "CERTIFICATE_BUNDLE":
            guard let bundle = data.x509CertificateData, data.acmPcaArn == nil else {
                throw .validation("A CERTIFICATE_BUNDLE source needs x509CertificateData (and no acmPcaArn)")
            }
            var lengths = ControlPlaneError.Constraints()
            lengths.check(bundle.utf8.count <= 204_800, at: "source.sourceData.x509CertificateData", "Member must have length less than or equal to 204800")
            try lengths.done()
            let certificates = PEMBundle.certificates(bundle)
            guard !certificates.isEmpty else { throw .validation("Invalid certificate bundle: no PEM certificate could be read") }
            for certificate in certificates {
                let isCA: Bool
                if case .isCertificateAuthority? = try? certificate.extensions.basicConstraints { isCA = true } else { isCA = false }
                guard isCA else { throw .validation("Invalid certificate bundle: \(certificate.subject) is not a CA certificate (basicConstraints CA:TRUE)") }
            }
        case "AWS_ACM_PCA":
            guard let arn = data.acmPcaArn, data.x509CertificateData == nil else {
                throw .validation("An AWS_ACM_PCA source needs acmPcaArn (and no x509CertificateData)")
            }
            guard state.privateCAs[arn] != nil else {
                throw .validation(
                    "Invalid acmPcaArn: '\(arn)' is not a certificate authority of this account (start the emulator with --private-ca to have one)")
            }
        default:
            throw .validation("SELF_SIGNED_REPOSITORY sources are not supported by this emulator")
        }
        return LocalResource.TrustAnchor.Source(sourceType: type, sourceData: data)
    }

    static func trustAnchor(_ id: String, in mirror: EmulatorState.Mirror, state: EmulatorState) throws(ControlPlaneError) -> LocalResource.TrustAnchor {
        guard let anchor = mirror.trustAnchors[state.arn("trust-anchor", id)] else { throw .notFound("Resource not found") }
        return anchor
    }
}
