import Foundation
import RolesAnywhere
import RolesAnywhereTestSupport
import X509
import XCTest

@testable import RolesAnywhereEmulator

final class CredentialIssuerTests: XCTestCase {
    private let now = SessionFixture.now

    private func session(
        leaf: Certificate, roleARN: String = SessionFixture.roleARN, durationSeconds: Int = 3600, roleSessionName: String? = nil
    ) -> VerifiedSession {
        VerifiedSession(
            certificate: leaf, trustAnchorARN: SessionFixture.trustAnchorARN, profileARN: SessionFixture.profileARN,
            roleARN: roleARN, durationSeconds: durationSeconds, roleSessionName: roleSessionName)
    }

    private func issue(_ session: VerifiedSession, store: IssuedCredentialStore = IssuedCredentialStore()) throws
        -> (entry: CreateSessionResponse.CredentialSetEntry, credentials: CreateSessionResponse.Credentials, subjectArn: String)
    {
        let response = CredentialIssuer(accountID: SessionFixture.accountID, region: SessionFixture.region, store: store)
            .issue(for: session, now: now)
        let entry = try XCTUnwrap(response.credentialSet?.first)
        XCTAssertEqual(response.credentialSet?.count, 1)
        return (entry, try XCTUnwrap(entry.credentials), try XCTUnwrap(response.subjectArn))
    }

    private func leaf(commonName: String = "test-client") throws -> Certificate {
        let root = try SessionFixture.authority(name: "Issuer Root")
        var options = SessionFixture.leafOptions()
        options.commonName = commonName
        return try root.issueLeaf(options).certificate
    }

    private func assertMatches(_ value: String, _ pattern: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNotNil(value.range(of: pattern, options: .regularExpression), "\(pattern) does not match", file: file, line: line)
    }

    func testIssuesCredentialsInTheShapesAWSUses() throws {
        let (entry, credentials, subjectArn) = try issue(session(leaf: try leaf()))
        assertMatches(credentials.accessKeyId, "^ASIA[A-Z2-7]{16}$")
        assertMatches(credentials.secretAccessKey, "^[A-Za-z0-9+/]{40}$")
        XCTAssertTrue(credentials.sessionToken.hasPrefix("IQoJb3JpZ2luX2Vj"))
        XCTAssertEqual(credentials.expiration, "2026-01-15T13:00:00Z")
        XCTAssertEqual(entry.roleArn, SessionFixture.roleARN)
        XCTAssertEqual(entry.packedPolicySize, 0)
        XCTAssertEqual(entry.sourceIdentity, "CN=test-client")
        XCTAssertEqual(entry.assumedRoleUser?.arn, "arn:aws:sts::123456789012:assumed-role/demo/0123456789abcdef")
        assertMatches(try XCTUnwrap(entry.assumedRoleUser?.assumedRoleId), "^AROA[A-Z2-7]{17}:0123456789abcdef$")
        assertMatches(subjectArn, "^arn:aws:rolesanywhere:us-east-1:123456789012:subject/[0-9a-f-]{36}$")
    }

    func testExpirationIsNowPlusTheDuration() throws {
        for (duration, expected) in [(900, "2026-01-15T12:15:00Z"), (43_200, "2026-01-16T00:00:00Z")] {
            let (_, credentials, _) = try issue(session(leaf: try leaf(), durationSeconds: duration))
            XCTAssertEqual(credentials.expiration, expected)
        }
    }

    func testTheSessionIsTheRoleSessionNameWhenGiven() throws {
        let (entry, _, _) = try issue(session(leaf: try leaf(), roleSessionName: "alice@example.com"))
        XCTAssertEqual(entry.assumedRoleUser?.arn, "arn:aws:sts::123456789012:assumed-role/demo/alice@example.com")
        assertMatches(try XCTUnwrap(entry.assumedRoleUser?.assumedRoleId), "^AROA[A-Z2-7]{17}:alice@example.com$")
    }

    func testTheAssumedRoleNamesTheRoleWithoutItsPathInTheRolesPartition() throws {
        let (entry, _, subjectArn) = try issue(
            session(leaf: try leaf(), roleARN: "arn:aws-cn:iam::123456789012:role/teams/ops/deployer"))
        XCTAssertEqual(entry.assumedRoleUser?.arn, "arn:aws-cn:sts::123456789012:assumed-role/deployer/0123456789abcdef")
        XCTAssertEqual(entry.roleArn, "arn:aws-cn:iam::123456789012:role/teams/ops/deployer")
        XCTAssertTrue(subjectArn.hasPrefix("arn:aws-cn:rolesanywhere:us-east-1:123456789012:subject/"), subjectArn)
    }

    func testTheSourceIdentityIsTheCommonNameAlone() throws {
        let root = try SessionFixture.authority(name: "Issuer Root")
        let key = try TestKey.shared(.p256)
        let subject = try DistinguishedName {
            CountryName("US")
            OrganizationName("Example, Inc.")
            CommonName("Doe, Jane")
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: SessionFixture.serial, publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(-60), notValidAfter: now.addingTimeInterval(3600),
            issuer: root.certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: Certificate.Extensions(), issuerPrivateKey: root.key.certificatePrivateKey)
        let (entry, _, _) = try issue(session(leaf: certificate))
        XCTAssertEqual(entry.sourceIdentity, "CN=Doe, Jane")
    }

    func testTheRecordLandsInTheStore() throws {
        let store = IssuedCredentialStore()
        let (entry, credentials, _) = try issue(session(leaf: try leaf()), store: store)
        XCTAssertEqual(store.count, 1)
        let record = try XCTUnwrap(store.record(for: credentials.accessKeyId))
        XCTAssertEqual(
            record,
            STSCredentialRecord(
                accessKeyID: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey,
                sessionToken: credentials.sessionToken, expiration: now.addingTimeInterval(3600),
                assumedRoleARN: "arn:aws:sts::123456789012:assumed-role/demo/0123456789abcdef",
                userID: try XCTUnwrap(entry.assumedRoleUser?.assumedRoleId), accountID: "123456789012"))
    }

    func testEveryIssueHasFreshKeys() throws {
        let store = IssuedCredentialStore()
        let leaf = try leaf()
        var keys = Set<String>()
        var secrets = Set<String>()
        var tokens = Set<String>()
        for _ in 0..<50 {
            let (_, credentials, _) = try issue(session(leaf: leaf), store: store)
            keys.insert(credentials.accessKeyId)
            secrets.insert(credentials.secretAccessKey)
            tokens.insert(credentials.sessionToken)
        }
        XCTAssertEqual([keys.count, secrets.count, tokens.count, store.count], [50, 50, 50, 50])
    }
}
