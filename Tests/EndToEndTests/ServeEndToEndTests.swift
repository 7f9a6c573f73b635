import Foundation
import RolesAnywhereTestSupport
import XCTest

/// `roles-anywhere serve` as a child process, read by the AWS CLI (botocore) through the
/// IMDSv2 endpoint and the container credentials endpoint; stopped with SIGTERM.
final class ServeEndToEndTests: XCTestCase {
    /// Starts `serve --port 0` with a new leaf and `extra` flags; returns it and its exports.
    private func serve(_ fixture: EndToEndFixture, name: String, exportLines: Int, _ extra: [String] = []) throws
        -> (command: LongRunningCommand, exports: [String: String])
    {
        let command = try LongRunningCommand(
            ["serve", "--port", "0", "--role-session-name", name] + (try ServeFixture.keyArguments(fixture, name: name))
                + fixture.sessionArguments + extra)
        return (command, LongRunningCommand.exports(try command.lines(exportLines)))
    }

    /// Stops `command` with SIGTERM and checks it ended cleanly.
    private func assertStopsCleanly(_ command: LongRunningCommand, file: StaticString = #filePath, line: UInt = #line) {
        let ending = command.stop(signal: SIGTERM)
        XCTAssertFalse(ending.signaled, "serve did not handle SIGTERM", file: file, line: line)
        XCTAssertEqual(ending.status, 0, ending.stderr, file: file, line: line)
    }

    func testAWSCLIGetsCredentialsThroughTheMetadataEndpoint() throws {
        _ = try ServeFixture.awsCLI()
        let fixture = try EndToEndFixture.get()
        let (command, exports) = try serve(fixture, name: "serve-imds", exportLines: 1)
        let endpoint = try XCTUnwrap(exports["AWS_EC2_METADATA_SERVICE_ENDPOINT"])
        XCTAssertNotNil(endpoint.range(of: #"^http://127\.0\.0\.1:[0-9]+/$"#, options: .regularExpression), endpoint)
        let arn = try ServeFixture.callerARN(fixture, environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": endpoint])
        XCTAssertEqual(arn, "arn:aws:sts::123456789012:assumed-role/roles-anywhere-demo/serve-imds")
        assertStopsCleanly(command)
    }

    func testMetricsParseWithPrometheusClient() throws {
        let fixture = try EndToEndFixture.get()
        guard let python = InteropTools.python else { throw XCTSkip("python is missing") }
        let (command, exports) = try serve(fixture, name: "serve-metrics", exportLines: 1)
        let endpoint = try XCTUnwrap(exports["AWS_EC2_METADATA_SERVICE_ENDPOINT"])
        let script = """
            import json, sys, urllib.request
            from prometheus_client.parser import text_string_to_metric_families
            text = urllib.request.urlopen(sys.argv[1] + "metrics").read().decode()
            samples = {}
            for family in text_string_to_metric_families(text):
                for s in family.samples:
                    samples[s.name + "".join(f"{{{k}={v}}}" for k, v in sorted(s.labels.items()))] = s.value
            print(json.dumps(samples))
            """
        let outcome = try ProcessRunner(python, ["-c", script, endpoint]).run()
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let samples = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Double])
        let now = Date().timeIntervalSince1970
        XCTAssertGreaterThan(samples["roles_anywhere_certificate_not_after_seconds"] ?? 0, now)
        XCTAssertGreaterThan(samples["roles_anywhere_certificate_days_left"] ?? 0, 0)
        XCTAssertGreaterThan(samples["roles_anywhere_credentials_expiry_seconds"] ?? 0, now)
        XCTAssertEqual(samples["roles_anywhere_refreshes_total{outcome=success}"], 1)
        XCTAssertEqual(samples["roles_anywhere_refreshes_total{outcome=failure}"], 0)
        XCTAssertEqual(samples["roles_anywhere_create_session_duration_seconds_count"], 1)
        XCTAssertEqual(samples["roles_anywhere_create_session_duration_seconds_bucket{le=+Inf}"], 1)
        // The loopback rules hold here too: a web page (Origin) gets nothing.
        let origin = try ProcessRunner(
            "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Origin: http://evil.example", endpoint + "metrics"]).run()
        XCTAssertEqual(origin.stdout, "403")
        assertStopsCleanly(command)
    }

    func testAWSCLIGetsCredentialsThroughTheContainerEndpoint() throws {
        _ = try ServeFixture.awsCLI()
        let fixture = try EndToEndFixture.get()
        let (command, exports) = try serve(fixture, name: "serve-container", exportLines: 2, ["--container-credentials"])
        let uri = try XCTUnwrap(exports["AWS_CONTAINER_CREDENTIALS_FULL_URI"])
        let token = try XCTUnwrap(exports["AWS_CONTAINER_AUTHORIZATION_TOKEN"])
        XCTAssertNotNil(uri.range(of: #"^http://127\.0\.0\.1:[0-9]+/container-credentials$"#, options: .regularExpression), uri)
        XCTAssertNotNil(token.range(of: "^[0-9a-f]{64}$", options: .regularExpression), "a 32-byte random hex token")
        let arn = try ServeFixture.callerARN(
            fixture,
            environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": uri, "AWS_CONTAINER_AUTHORIZATION_TOKEN": token,
                "AWS_EC2_METADATA_DISABLED": "true",
            ])
        XCTAssertEqual(arn, "arn:aws:sts::123456789012:assumed-role/roles-anywhere-demo/serve-container")
        assertStopsCleanly(command)
    }

    func testAWSCLIReadsTheContainerTokenFromTheFileServeNames() throws {
        _ = try ServeFixture.awsCLI()
        let fixture = try EndToEndFixture.get()
        // No trailing newline: botocore sends the file's bytes as they are and refuses a newline in a header.
        let tokenFile = try fixture.files.write("token-from-a-file", name: "container-token-\(UUID().uuidString.prefix(6))")
        let (command, exports) = try serve(
            fixture, name: "serve-token-file", exportLines: 2, ["--container-credentials", "--auth-token-file", tokenFile])
        XCTAssertEqual(exports["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], tokenFile)
        XCTAssertNil(exports["AWS_CONTAINER_AUTHORIZATION_TOKEN"], "the token itself is not printed")
        let arn = try ServeFixture.callerARN(
            fixture,
            environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": try XCTUnwrap(exports["AWS_CONTAINER_CREDENTIALS_FULL_URI"]),
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile, "AWS_EC2_METADATA_DISABLED": "true",
            ])
        XCTAssertEqual(arn, "arn:aws:sts::123456789012:assumed-role/roles-anywhere-demo/serve-token-file")
        assertStopsCleanly(command)
    }
}
