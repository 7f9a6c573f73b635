import Crypto
import Foundation
import GRDB
import RolesAnywhere
import X509

extension EmulatorState {
    /// The trust policy of roles the quick start makes: Roles Anywhere may assume them, tag the
    /// session and set its source identity, for any certificate of the account's trust anchors.
    public static let quickStartTrustPolicy = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"rolesanywhere.amazonaws.com"},\
        "Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"]}]}
        """

    /// Adds the resources of `--trust-anchor-ca`, `--crl` and `--config` that the state does not
    /// hold yet (a restart keeps what the control plane changed since), and the roles their
    /// profiles name. Answers the first trust anchor, profile and role.
    public func seed(configuration: EmulatorConfiguration, quickStartCAFiles: [String]) async throws -> (
        trustAnchorARN: String, profileARN: String, roleARN: String
    ) {
        let (directory, defaults) = try ServiceDirectoryBuilder(configuration: configuration, quickStartCAFiles: quickStartCAFiles).build()
        let now = LocalResource.timestamp(Date())
        var changes = [Change]()
        for anchor in directory.trustAnchors.values {
            let pem = anchor.certificateAuthorities.compactMap { try? $0.serializeAsPEM().pemString }.joined(separator: "\n")
            let id = String(anchor.arn.split(separator: "/").last ?? "")
            changes.append(.trustAnchor(LocalResource.TrustAnchor(
                trustAnchorId: id, trustAnchorArn: anchor.arn, name: id,
                source: .init(sourceType: "CERTIFICATE_BUNDLE", sourceData: .init(x509CertificateData: pem, acmPcaArn: nil)),
                enabled: anchor.enabled, notificationSettings: LocalResource.NotificationSetting.defaults, createdAt: now, updatedAt: now)))
            for (index, file) in (configuration.crls ?? []).enumerated() {
                guard let data = FileManager.default.contents(atPath: file),
                    (try? RevocationList(encoded: Array(data), issuers: anchor.certificateAuthorities)) != nil
                else { continue }
                // A stable id, so a restart finds the CRL it imported before.
                let crlID = "c0000000-0000-4000-8000-" + Hex.encode(SHA256.hash(data: Array("\(anchor.arn)#\(index)".utf8) + Array(data))).prefix(12)
                changes.append(.crl(LocalResource.CRL(
                    crlId: crlID, crlArn: arn("crl", crlID), name: (file as NSString).lastPathComponent.filter { $0.isLetter || $0.isNumber || $0 == "-" },
                    enabled: true, crlData: data.base64EncodedString(), trustAnchorArn: anchor.arn, createdAt: now, updatedAt: now)))
            }
        }
        var roleARNs = [String]()
        for profile in directory.profiles.values {
            let id = String(profile.arn.split(separator: "/").last ?? "")
            changes.append(.profile(LocalResource.Profile(
                profileId: id, profileArn: profile.arn, name: id, roleArns: profile.roleARNs, managedPolicyArns: [], sessionPolicy: nil,
                durationSeconds: profile.durationSeconds, enabled: profile.enabled, requireInstanceProperties: false,
                acceptRoleSessionName: profile.acceptsRoleSessionName, attributeMappings: LocalResource.AttributeMapping.defaults,
                createdBy: administrator.assumedRoleARN, createdAt: now, updatedAt: now)))
            roleARNs += profile.roleARNs
        }
        for roleARN in Set(roleARNs) {
            let resource = roleARN.split(separator: ":", maxSplits: 5).last.map(String.init) ?? ""
            let parts = resource.split(separator: "/").map(String.init)
            guard parts.count >= 2, parts[0] == "role" else { continue }
            let path = "/" + parts.dropFirst().dropLast().map { $0 + "/" }.joined()
            changes.append(.role(IAMRole(
                roleName: parts.last ?? "", roleId: "AROA" + CredentialIssuer.random(17, from: CredentialIssuer.upperAlphanumerics),
                arn: roleARN, path: path, description: "made by the emulator's quick start", maxSessionDuration: 43_200,
                assumeRolePolicyDocument: Self.quickStartTrustPolicy, createDate: Date(), attachedPolicyArns: [], tags: [])))
        }
        let seeded = changes
        // Each seeded resource once in the state's life: what the control plane deleted stays deleted.
        try await change { mirror, db in
            let seededBefore = Set(try String.fetchAll(db, sql: "SELECT name FROM setting WHERE name LIKE 'seeded:%'"))
            let absent = seeded.filter { change in
                guard !seededBefore.contains("seeded:\(change.arn)") else { return false }
                switch change {
                case .trustAnchor(let value): return mirror.trustAnchors[value.trustAnchorArn] == nil
                case .profile(let value): return mirror.profiles[value.profileArn] == nil
                case .crl(let value):
                    return mirror.crls[value.crlArn] == nil
                        && !mirror.crls.values.contains { $0.crlData == value.crlData && $0.trustAnchorArn == value.trustAnchorArn }
                case .role(let value): return mirror.roles[value.arn] == nil
                default: return false
                }
            }
            for change in seeded {
                try db.execute(sql: "INSERT OR IGNORE INTO setting (name, value) VALUES (?, 'true')", arguments: ["seeded:\(change.arn)"])
            }
            return (absent, ())
        }
        return defaults
    }
}
