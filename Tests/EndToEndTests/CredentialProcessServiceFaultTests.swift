import Foundation
import RolesAnywhereTestSupport
import XCTest

/// Service answers that are not credentials: a refusal, a malformed 201, silence, retries.
final class CredentialProcessServiceFaultTests: XCTestCase {
    private func run(_ server: FaultServer, _ extra: [String] = []) throws -> ProcessRunner.Outcome {
        let fixture = try EndToEndFixture.get()
        let files = try fixture.writeLeaf(try fixture.root.issueLeaf(LeafOptions(commonName: "fault-client")), name: "fault-client")
        var session = fixture.sessionArguments
        session[session.firstIndex(of: "--endpoint")! + 1] = server.endpoint
        session[session.firstIndex(of: "--ca-bundle")! + 1] = server.caBundlePath
        return try fixture.run(["credential-process", "--certificate", files.certificate, "--private-key", files.key] + session + extra)
    }

    func testForbiddenAnswerIsOneLineWithTheServiceMessage() async throws {
        let fixture = try EndToEndFixture.get()
        let server = try await FaultServer(
            behavior: .respond(status: 403, errorType: "AccessDeniedException", body: #"{"message":"Invalid signature"}"#),
            folder: fixture.files.directory)
        defer { server.stop() }
        OutputAssertions.assertFailure(
            try run(server), exitCode: 67,
            containing: "the service refused the request: AccessDeniedException: Invalid signature")
        XCTAssertEqual(server.requestCount, 1, "a 403 is never retried")
    }

    func testCreatedAnswerWithMalformedBody() async throws {
        let fixture = try EndToEndFixture.get()
        for body in [#"{"credentialSet":[]}"#, "not json", #"{"credentialSet":[{"credentials":{"accessKeyId":"","secretAccessKey":"","sessionToken":"","expiration":"x"}}]}"#] {
            let server = try await FaultServer(behavior: .respond(status: 201, errorType: nil, body: body), folder: fixture.files.directory)
            defer { server.stop() }
            OutputAssertions.assertFailure(try run(server), exitCode: 68, containing: "the service's answer is malformed")
        }
    }

    func testServerThatNeverAnswersTimesOutAfterBoundedRetries() async throws {
        let fixture = try EndToEndFixture.get()
        let server = try await FaultServer(behavior: .hang, folder: fixture.files.directory)
        defer { server.stop() }
        let outcome = try run(server, ["--read-timeout", "1"])
        OutputAssertions.assertFailure(outcome, exitCode: 68, containing: "did not answer in time")
        XCTAssertEqual(server.requestCount, 4, "one attempt and three retries")
    }

    func testServerErrorsAreRetriedThenReported() async throws {
        let fixture = try EndToEndFixture.get()
        let server = try await FaultServer(
            behavior: .respond(status: 503, errorType: "ServiceUnavailableException", body: "{}"), folder: fixture.files.directory)
        defer { server.stop() }
        OutputAssertions.assertFailure(try run(server), exitCode: 68, containing: "the service failed with HTTP 503")
        XCTAssertEqual(server.requestCount, 4)
    }

    func testThrottlingIsRetried() async throws {
        let fixture = try EndToEndFixture.get()
        let server = try await FaultServer(
            behavior: .respond(status: 429, errorType: "ThrottlingException", body: "{}"), folder: fixture.files.directory)
        defer { server.stop() }
        OutputAssertions.assertFailure(try run(server), exitCode: 68, containing: "throttling")
        XCTAssertEqual(server.requestCount, 4)
    }
}
