import Foundation
import GRDB
import X509

extension EmulatorState {
    /// The resources in memory: as the control plane shows them, and as CreateSession uses them.
    public struct Mirror: Sendable {
        public var trustAnchors: [String: LocalResource.TrustAnchor] = [:]
        public var profiles: [String: LocalResource.Profile] = [:]
        public var crls: [String: LocalResource.CRL] = [:]
        public var roles: [String: IAMRole] = [:]
        public var tags: [String: [LocalResource.Tag]] = [:]
        /// CreateSession's view, kept in step with the resources above.
        public var directory: ServiceDirectory
        var privateCAs: [String: [Certificate]] = [:]
        private var parsedCRLs: [String: RevocationList] = [:]
        private var revision = 0

        init(directory: ServiceDirectory) {
            self.directory = directory
        }

        /// A role by name.
        public func role(named name: String) -> IAMRole? {
            roles.values.first { $0.roleName.caseInsensitiveCompare(name) == .orderedSame }
        }

        mutating func apply(_ change: Change) {
            revision += 1
            switch change {
            case .trustAnchor(let anchor):
                trustAnchors[anchor.trustAnchorArn] = anchor
                refreshAnchor(anchor.trustAnchorArn)
            case .profile(let profile):
                profiles[profile.profileArn] = profile
                var runtime = Profile(
                    arn: profile.profileArn, enabled: profile.enabled, roleARNs: profile.roleArns,
                    durationSeconds: profile.durationSeconds, acceptsRoleSessionName: profile.acceptRoleSessionName)
                runtime.attributeMappings = profile.attributeMappings
                directory.profiles[profile.profileArn] = runtime
            case .crl(let crl):
                let previous = crls[crl.crlArn]
                crls[crl.crlArn] = crl
                parsedCRLs[crl.crlArn] = Data(base64Encoded: crl.crlData).flatMap { try? RevocationList(encoded: Array($0)) }
                if let previous, previous.trustAnchorArn != crl.trustAnchorArn { refreshAnchor(previous.trustAnchorArn) }
                refreshAnchor(crl.trustAnchorArn)
            case .role(let role):
                roles[role.arn] = role
                if let policy = try? TrustPolicy(document: role.assumeRolePolicyDocument) {
                    directory.roles[role.arn] = ServiceDirectory.Role(
                        arn: role.arn, name: role.roleName, roleID: role.roleId, trustPolicy: policy,
                        maxSessionDuration: role.maxSessionDuration)
                }
            case .tags(let arn, let list):
                tags[arn] = list.isEmpty ? nil : list
            case .removed(let arn):
                tags[arn] = nil
                trustAnchors[arn] = nil
                directory.trustAnchors[arn] = nil
                profiles[arn] = nil
                directory.profiles[arn] = nil
                roles[arn] = nil
                directory.roles[arn] = nil
                parsedCRLs[arn] = nil
                if let crl = crls.removeValue(forKey: arn) { refreshAnchor(crl.trustAnchorArn) }
            }
        }

        /// Rebuilds CreateSession's trust anchor from its resource and its enabled CRLs.
        private mutating func refreshAnchor(_ arn: String) {
            guard let anchor = trustAnchors[arn] else { return }
            var certificates = [Certificate]()
            if let bundle = anchor.source.sourceData.x509CertificateData {
                certificates = PEMBundle.certificates(bundle)
            } else if let pca = anchor.source.sourceData.acmPcaArn {
                certificates = privateCAs[pca] ?? []
            }
            let lists = crls.values.filter { $0.trustAnchorArn == arn && $0.enabled }.compactMap { parsedCRLs[$0.crlArn] }
            var runtime = TrustAnchor(arn: arn, enabled: anchor.enabled, certificateAuthorities: certificates, revocationLists: lists)
            runtime.revision = revision
            directory.trustAnchors[arn] = runtime
        }
    }

    /// One change to the resources, as stored and as the mirror takes it.
    public enum Change: Sendable {
        case trustAnchor(LocalResource.TrustAnchor)
        case profile(LocalResource.Profile)
        case crl(LocalResource.CRL)
        case role(IAMRole)
        case tags(String, [LocalResource.Tag])
        case removed(String)

        /// The ARN the change is about.
        var arn: String {
            switch self {
            case .trustAnchor(let value): value.trustAnchorArn
            case .profile(let value): value.profileArn
            case .crl(let value): value.crlArn
            case .role(let value): value.arn
            case .tags(let arn, _), .removed(let arn): arn
            }
        }

        /// A stored row back as a change.
        init(kind: String, document: String) throws {
            switch kind {
            case "trustAnchor": self = .trustAnchor(try JSONText.decode(LocalResource.TrustAnchor.self, from: document))
            case "profile": self = .profile(try JSONText.decode(LocalResource.Profile.self, from: document))
            case "crl": self = .crl(try JSONText.decode(LocalResource.CRL.self, from: document))
            case "role": self = .role(try JSONText.decode(IAMRole.self, from: document))
            default: throw EmulatorError("the state database holds a resource of unknown kind '\(kind)'")
            }
        }

        func persist(in db: Database) throws {
            switch self {
            case .trustAnchor(let value): try StateDatabase.put(kind: "trustAnchor", arn: value.trustAnchorArn, document: value, in: db)
            case .profile(let value): try StateDatabase.put(kind: "profile", arn: value.profileArn, document: value, in: db)
            case .crl(let value): try StateDatabase.put(kind: "crl", arn: value.crlArn, document: value, in: db)
            case .role(let value): try StateDatabase.put(kind: "role", arn: value.arn, document: value, in: db)
            case .tags(let arn, let tags): try StateDatabase.setTags(tags, arn: arn, in: db)
            case .removed(let arn): try StateDatabase.remove(arn: arn, in: db)
            }
        }
    }
}
