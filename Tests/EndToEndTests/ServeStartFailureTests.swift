import Foundation
import RolesAnywhereTestSupport
import XCTest

/// `serve` that cannot start exits non-zero with one line on stderr and nothing on stdout.
final class ServeStartFailureTests: XCTestCase {
    func testAFirstFetchThatFailsEndsServe() throws {
        let fixture = try EndToEndFixture.get()
        let stranger = try TestCertificateAuthority(name: "Unknown CA", keyType: .p256)
        let files = try fixture.writeLeaf(try stranger.issueLeaf(LeafOptions(commonName: "stranger")), name: "serve-stranger")
        let outcome = try fixture.run(
            ["serve", "--port", "0", "--certificate", files.certificate, "--private-key", files.key] + fixture.sessionArguments,
            timeout: 30)
        OutputAssertions.assertFailure(outcome, exitCode: 67, containing: "AccessDeniedException: Untrusted signing certificate")
    }

    func testATakenPortEndsServe() throws {
        let fixture = try EndToEndFixture.get()
        let key = try ServeFixture.keyArguments(fixture, name: "serve-port")
        let first = try LongRunningCommand(["serve", "--port", "0"] + key + fixture.sessionArguments)
        let endpoint = try XCTUnwrap(LongRunningCommand.exports(try first.lines(1))["AWS_EC2_METADATA_SERVICE_ENDPOINT"])
        let port = String(endpoint.split(separator: ":").last!.dropLast())
        let outcome = try fixture.run(["serve", "--port", port] + key + fixture.sessionArguments, timeout: 30)
        OutputAssertions.assertFailure(outcome, exitCode: 69, containing: "cannot serve on 127.0.0.1:\(port): ")
        first.stop()
    }

    func testAnUnreadableContainerTokenFileEndsServe() throws {
        let fixture = try EndToEndFixture.get()
        let missing = fixture.files.path("no-such-token")
        let outcome = try fixture.run(
            ["serve", "--port", "0", "--container-credentials", "--auth-token-file", missing]
                + (try ServeFixture.keyArguments(fixture, name: "serve-token")) + fixture.sessionArguments,
            timeout: 30)
        OutputAssertions.assertFailure(
            outcome, exitCode: 65, containing: "cannot read an authorization token from --auth-token-file '\(missing)'")
    }
}
