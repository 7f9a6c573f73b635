import Foundation
import RolesAnywhere
import SwiftASN1
import X509

/// Builds the emulator's ``ServiceDirectory`` from a configuration file and quick-start flags.
public struct ServiceDirectoryBuilder: Sendable {
    /// The account used when none is configured.
    public static let defaultAccountID = "123456789012"
    /// The region used when none is configured.
    public static let defaultRegion = "us-east-1"
    /// Id of the trust anchor made from `--trust-anchor-ca`.
    public static let quickStartTrustAnchorID = "a0000000-0000-4000-8000-000000000001"
    /// Id of the profile made by the quick start.
    public static let quickStartProfileID = "b0000000-0000-4000-8000-000000000001"
    /// Name of the role the quick-start profile gives.
    public static let quickStartRoleName = "roles-anywhere-demo"

    public var configuration: EmulatorConfiguration
    /// CA files given with `--trust-anchor-ca`.
    public var quickStartCAFiles: [String]

    public init(configuration: EmulatorConfiguration = EmulatorConfiguration(), quickStartCAFiles: [String] = []) {
        self.configuration = configuration
        self.quickStartCAFiles = quickStartCAFiles
    }

    /// The directory plus the default ARNs to announce (first anchor, profile and role).
    public func build() throws -> (directory: ServiceDirectory, defaults: (trustAnchorARN: String, profileARN: String, roleARN: String)) {
        let account = configuration.accountId ?? Self.defaultAccountID
        let region = configuration.region ?? Self.defaultRegion
        guard account.count == 12, account.allSatisfy(\.isNumber) else {
            throw EmulatorError("accountId '\(account)' must be 12 digits")
        }
        guard AmazonResourceName.isRegionName(region) else { throw EmulatorError("region '\(region)' is not a region name") }
        var anchorEntries = configuration.trustAnchors ?? []
        var profileEntries = configuration.profiles ?? []
        if !quickStartCAFiles.isEmpty {
            anchorEntries.insert(.init(id: Self.quickStartTrustAnchorID, certificateBundle: "", enabled: true), at: 0)
            profileEntries.insert(
                .init(
                    id: Self.quickStartProfileID, roleArns: ["arn:aws:iam::\(account):role/\(Self.quickStartRoleName)"],
                    durationSeconds: 43_200, acceptRoleSessionName: true, enabled: true), at: 0)
        }
        guard !anchorEntries.isEmpty else {
            throw EmulatorError("no trust anchor: pass --trust-anchor-ca CA.pem or a --config file with trustAnchors")
        }
        guard !profileEntries.isEmpty, let firstRole = profileEntries[0].roleArns.first else {
            throw EmulatorError("no profile with a role: add profiles with roleArns to the --config file")
        }
        var anchors = [TrustAnchor]()
        for entry in anchorEntries {
            let files = entry.certificateBundle.isEmpty ? quickStartCAFiles : [entry.certificateBundle]
            var certificates = [Certificate]()
            for file in files { certificates += try Self.readCertificates(file) }
            anchors.append(
                TrustAnchor(
                    arn: "arn:aws:rolesanywhere:\(region):\(account):trust-anchor/\(entry.id)", enabled: entry.enabled ?? true,
                    certificateAuthorities: certificates))
        }
        for file in configuration.crls ?? [] {
            try Self.attachCRL(file, to: &anchors)
        }
        let profiles = profileEntries.map {
            Profile(
                arn: "arn:aws:rolesanywhere:\(region):\(account):profile/\($0.id)", enabled: $0.enabled ?? true,
                roleARNs: $0.roleArns, durationSeconds: $0.durationSeconds ?? 3600,
                acceptsRoleSessionName: $0.acceptRoleSessionName ?? false)
        }
        let directory = ServiceDirectory(accountID: account, region: region, trustAnchors: anchors, profiles: profiles)
        return (directory, (anchors[0].arn, profiles[0].arn, firstRole))
    }

    /// Adds a CRL to every trust anchor that holds its issuer.
    public static func attachCRL(_ file: String, to anchors: inout [TrustAnchor]) throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw EmulatorError("cannot read the CRL '\(file)'")
        }
        var attached = false
        for index in anchors.indices {
            if let list = try? RevocationList(encoded: Array(data), issuers: anchors[index].certificateAuthorities) {
                anchors[index].revocationLists.append(list)
                attached = true
            }
        }
        guard attached else {
            throw EmulatorError("the CRL '\(file)' is malformed or not signed by any trust anchor's CA")
        }
    }

    static func readCertificates(_ file: String) throws -> [Certificate] {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw EmulatorError("cannot read the CA file '\(file)'")
        }
        let certificates = (try? PEMDocument.parseMultiple(pemString: text))?
            .filter { $0.discriminator == "CERTIFICATE" }
            .compactMap { try? Certificate(pemDocument: $0) } ?? []
        guard !certificates.isEmpty else { throw EmulatorError("the CA file '\(file)' holds no PEM certificate") }
        return certificates
    }
}
