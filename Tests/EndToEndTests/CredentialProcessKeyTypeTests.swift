import Foundation
import RolesAnywhereTestSupport
import XCTest

/// `credential-process` with file keys of every type, accepted by the emulator's independent verifier.
final class CredentialProcessKeyTypeTests: XCTestCase {
    private func fetch(_ keyType: TestKeyType, name: String) throws {
        let fixture = try EndToEndFixture.get()
        let leaf = try fixture.root.issueLeaf(LeafOptions(commonName: name, keyType: keyType))
        let files = try fixture.writeLeaf(leaf, name: name)
        let outcome = try fixture.run(
            ["credential-process", "--certificate", files.certificate, "--private-key", files.key] + fixture.sessionArguments)
        OutputAssertions.assertCredentials(outcome)
        let record = try XCTUnwrap(fixture.emulator.auditRecords().last { $0["subject"] as? String == "CN=\(name)" })
        XCTAssertEqual(record["outcome"] as? String, "issued")
    }

    func testRSA2048() throws { try fetch(.rsa2048, name: "e2e-rsa2048") }
    func testRSA4096() throws { try fetch(.rsa4096, name: "e2e-rsa4096") }
    func testECP256() throws { try fetch(.p256, name: "e2e-p256") }
    func testECP384() throws { try fetch(.p384, name: "e2e-p384") }

    func testLeafWithIntermediateChain() throws {
        let fixture = try EndToEndFixture.get()
        let leaf = try fixture.intermediate.issueLeaf(LeafOptions(commonName: "e2e-chained", keyType: .rsa2048))
        let files = try fixture.writeLeaf(leaf, name: "e2e-chained")
        let chain = try XCTUnwrap(files.chain)
        let outcome = try fixture.run(
            ["credential-process", "--certificate", files.certificate, "--private-key", files.key, "--intermediates", chain]
                + fixture.sessionArguments)
        OutputAssertions.assertCredentials(outcome)
        // Without the chain the service cannot reach its trust anchor.
        let refused = try fixture.run(
            ["credential-process", "--no-cache", "--certificate", files.certificate, "--private-key", files.key] + fixture.sessionArguments)
        OutputAssertions.assertFailure(refused, exitCode: 67, containing: "AccessDeniedException: Untrusted signing certificate")
    }

    func testRoleSessionNameAndDuration() throws {
        let fixture = try EndToEndFixture.get()
        let files = try fixture.writeLeaf(try fixture.root.issueLeaf(LeafOptions(commonName: "e2e-named")), name: "e2e-named")
        let outcome = try fixture.run(
            ["credential-process", "--certificate", files.certificate, "--private-key", files.key,
             "--role-session-name", "alice", "--session-duration", "900"] + fixture.sessionArguments)
        OutputAssertions.assertCredentials(outcome)
        let expiration = try XCTUnwrap(outcome.stdout.split(separator: "\"").dropLast(1).last)
        let date = try XCTUnwrap(ISO8601DateFormatter().date(from: String(expiration)))
        XCTAssertEqual(date.timeIntervalSinceNow, 900, accuracy: 60)
    }

    func testDebugShowsTheSigningStagesButNoSecret() throws {
        let fixture = try EndToEndFixture.get()
        let files = try fixture.writeLeaf(try fixture.root.issueLeaf(LeafOptions(commonName: "e2e-debug")), name: "e2e-debug")
        let outcome = try fixture.run(
            ["credential-process", "--debug", "--certificate", files.certificate, "--private-key", files.key] + fixture.sessionArguments)
        OutputAssertions.assertCredentials(outcome)
        XCTAssertTrue(outcome.stderr.contains("canonical request:\nPOST\n/sessions\nprofileArn="))
        XCTAssertTrue(outcome.stderr.contains("string to sign:\nAWS4-X509-ECDSA-SHA256\n"))
        let fields = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        for secret in ["SecretAccessKey", "SessionToken"] {
            let value = try XCTUnwrap(fields?[secret] as? String)
            XCTAssertFalse(outcome.stderr.contains(value), "\(secret) leaked to stderr")
        }
        XCTAssertFalse(outcome.stderr.contains("PRIVATE KEY"))
    }
}
