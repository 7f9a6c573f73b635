import Foundation
import RolesAnywhereTestSupport
import X509

@testable import RolesAnywhereEmulator

/// A test PKI and a service directory around it, at a fixed instant, for the verifier tests.
///
/// The root CA, its trust anchor and profile use fixed ARNs; leaves get fixed dates and a
/// fixed serial so every message that shows them is a fixed string.
struct SessionFixture {
    /// 2026-01-15T12:00:00Z, the server's clock in verifier tests.
    static let now = Date(timeIntervalSince1970: 1_768_478_400)
    static let region = "us-east-1"
    static let accountID = "123456789012"
    static let trustAnchorARN = "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/anchor-1"
    static let profileARN = "arn:aws:rolesanywhere:us-east-1:123456789012:profile/profile-1"
    static let roleARN = "arn:aws:iam::123456789012:role/demo"
    /// The serial of ``leafOptions(keyType:commonName:)`` leaves: 0x0123456789abcdef.
    static let serial = Certificate.SerialNumber(bytes: [0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF])

    /// The root CA of the trust anchor.
    let root: TestCertificateAuthority
    var trustAnchor: TrustAnchor
    var profile: Profile
    var region = SessionFixture.region

    init(rootKeyType: TestKeyType = .p256) throws {
        root = try Self.authority(name: "Fixture Root CA", keyType: rootKeyType)
        trustAnchor = TrustAnchor(arn: Self.trustAnchorARN, enabled: true, certificateAuthorities: [root.certificate])
        profile = Profile(
            arn: Self.profileARN, enabled: true, roleARNs: [Self.roleARN], durationSeconds: 3600, acceptsRoleSessionName: true)
    }

    /// A root CA valid from 30 days before ``now`` for ten years.
    static func authority(name: String, keyType: TestKeyType = .p256, keyIndex: Int? = nil) throws -> TestCertificateAuthority {
        try TestCertificateAuthority(
            name: name, keyType: keyType, keyIndex: keyIndex,
            notBefore: now.addingTimeInterval(-30 * 86_400), notAfter: now.addingTimeInterval(3650 * 86_400))
    }

    /// Options for a valid leaf at ``now``: valid from an hour before for a day, fixed serial.
    static func leafOptions(keyType: TestKeyType = .p256, commonName: String = "test-client") -> LeafOptions {
        LeafOptions(
            commonName: commonName, keyType: keyType, serial: serial,
            notBefore: now.addingTimeInterval(-3600), notAfter: now.addingTimeInterval(86_400))
    }

    /// A valid leaf issued by the root.
    func leaf(keyType: TestKeyType = .p256) throws -> TestLeaf {
        try root.issueLeaf(Self.leafOptions(keyType: keyType))
    }

    var directory: ServiceDirectory {
        ServiceDirectory(accountID: Self.accountID, region: region, trustAnchors: [trustAnchor], profiles: [profile])
    }

    func verify(_ request: ReceivedRequest, now: Date = SessionFixture.now) async -> Result<VerifiedSession, ServiceError> {
        await SessionRequestVerifier(directory: directory).verify(request, now: now)
    }
}
