import Foundation
import RolesAnywhereTestSupport
import XCTest

/// `serve --config`: two roles in one server, each read by botocore's container provider
/// (the AWS CLI) at its own path with its own token; bad files are one line, nothing started.
final class ServeBindingsTests: XCTestCase {
    /// An emulator whose profile allows two roles.
    private static let twoRoles: Result<(EmulatorProcess, TestFiles), any Error> = Result {
        let fixture = try EndToEndFixture.get()
        let files = try TestFiles()
        let anchor = try files.write(fixture.root.certificatePEM, name: "anchor.pem")
        let tokenCA = try SoftHSMTokens.directory().appendingPathComponent("ca/ca.pem").path
        let config = try files.write(
            """
            accountId: "123456789012"
            region: us-east-1
            trustAnchors:
              - id: bindings-anchor
                certificateBundle: \(anchor)
              - id: token-anchor
                certificateBundle: \(tokenCA)
            profiles:
              - id: bindings-profile
                roleArns: ["arn:aws:iam::123456789012:role/reader", "arn:aws:iam::123456789012:role/writer"]
                acceptRoleSessionName: true
            """, name: "emulator.yaml")
        return (try EmulatorProcess(arguments: ["--config", config], folder: files.directory), files)
    }

    private func binding(_ name: String, role: String, extra: String = "") throws -> String {
        let fixture = try EndToEndFixture.get()
        let ready = try Self.twoRoles.get().0.ready
        let leaf = try fixture.writeLeaf(try fixture.root.issueLeaf(LeafOptions(commonName: "binding-\(name)")), name: "binding-\(name)")
        return """
              - name: \(name)
                certificate: \(leaf.certificate)
                privateKey: \(leaf.key)
                trustAnchorArn: arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/bindings-anchor
                profileArn: arn:aws:rolesanywhere:us-east-1:123456789012:profile/bindings-profile
                roleArn: arn:aws:iam::123456789012:role/\(role)
                roleSessionName: \(name)-session
                endpoint: \(ready.endpoint)
                caBundle: \(ready.caBundle)
            \(extra)
            """
    }

    /// `aws sts get-caller-identity` through the container credentials of `exports`.
    private func callerARN(_ exports: [String: String]) throws -> String? {
        let aws = try ServeFixture.awsCLI()
        let (emulator, files) = try Self.twoRoles.get()
        let empty = try files.write("", name: "empty-\(UUID().uuidString.prefix(6))")
        let outcome = try ProcessRunner(
            aws, ["sts", "get-caller-identity", "--endpoint-url", emulator.ready.endpoint, "--region", "us-east-1", "--output", "json"],
            environment: exports.merging([
                "AWS_CONFIG_FILE": empty, "AWS_SHARED_CREDENTIALS_FILE": empty, "AWS_CA_BUNDLE": emulator.ready.caBundle,
            ]) { _, new in new }, timeout: 60
        ).run()
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        return (try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])?["Arn"] as? String
    }

    func testTwoRolesInOneServerEachAtItsOwnPathWithItsOwnToken() throws {
        let files = try Self.twoRoles.get().1
        let tokenFile = try files.write("writer-token-\(UUID().uuidString)", name: "writer.token")
        let config = try files.write(
            "bindings:\n" + (try binding("reader", role: "reader")) + (try binding("writer", role: "writer", extra: "    authTokenFile: \(tokenFile)\n    default: true")),
            name: "bindings.yaml")
        let command = try LongRunningCommand(["serve", "--config", config, "--port", "0"])
        let lines = try command.lines(3)
        XCTAssertTrue(lines[0].hasPrefix("export AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:"), lines[0])
        XCTAssertTrue(lines[0].hasSuffix("# binding writer"), lines[0])
        let reader = LongRunningCommand.exports([lines[1]])
        let writer = LongRunningCommand.exports([lines[2]])
        XCTAssertTrue(reader["AWS_CONTAINER_CREDENTIALS_FULL_URI"]?.hasSuffix("/roles/reader") == true, lines[1])
        XCTAssertEqual(writer["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], tokenFile)
        XCTAssertEqual(try callerARN(reader), "arn:aws:sts::123456789012:assumed-role/reader/reader-session")
        XCTAssertEqual(try callerARN(writer), "arn:aws:sts::123456789012:assumed-role/writer/writer-session")
        // The IMDS endpoint serves the default binding.
        let imds = LongRunningCommand.exports([String(lines[0].split(separator: "#")[0])])
        XCTAssertEqual(try callerARN(imds), "arn:aws:sts::123456789012:assumed-role/writer/writer-session")
        // One binding's token does not open the other's path.
        var crossed = reader
        crossed["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = writer["AWS_CONTAINER_CREDENTIALS_FULL_URI"]
        let aws = try ServeFixture.awsCLI()
        let refused = try ProcessRunner(
            aws, ["sts", "get-caller-identity", "--region", "us-east-1"],
            environment: crossed.merging(["AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"]) { _, new in new },
            timeout: 60
        ).run()
        XCTAssertNotEqual(refused.status, 0)
        let ending = command.stop(signal: SIGTERM)
        XCTAssertEqual(ending.status, 0, ending.stderr)
    }

    func testBindingsWithDifferentKeysOnOneTokenShareOneLogin() throws {
        let files = try Self.twoRoles.get().1
        let ready = try Self.twoRoles.get().0.ready
        let spy = "/usr/lib/x86_64-linux-gnu/pkcs11-spy.so"
        let log = files.path("bindings-spy-\(UUID().uuidString.prefix(6)).log")
        let bindings = [("reader", "ecp256"), ("writer", "rsa2048")].map { role, key in
            """
              - name: \(role)-token
                certificate: pkcs11:token=ra-test;object=\(key);type=cert
                pkcs11Lib: \(spy)
                pinEnv: RA_BINDINGS_PIN
                trustAnchorArn: arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/token-anchor
                profileArn: arn:aws:rolesanywhere:us-east-1:123456789012:profile/bindings-profile
                roleArn: arn:aws:iam::123456789012:role/\(role)
                endpoint: \(ready.endpoint)
                caBundle: \(ready.caBundle)

            """
        }
        let config = try files.write("bindings:\n" + bindings.joined(), name: "token-bindings.yaml")
        let command = try LongRunningCommand(
            ["serve", "--config", config, "--port", "0"],
            environment: (try SoftHSMTokens.childEnvironment()).merging([
                "RA_BINDINGS_PIN": SoftHSMTokens.userPIN, "PKCS11SPY": SoftHSMTokens.modulePath, "PKCS11SPY_OUTPUT": log,
            ]) { _, new in new })
        let lines = try command.lines(3)
        XCTAssertTrue(try callerARN(LongRunningCommand.exports([lines[1]]))?.hasPrefix("arn:aws:sts::123456789012:assumed-role/reader/") == true)
        XCTAssertTrue(try callerARN(LongRunningCommand.exports([lines[2]]))?.hasPrefix("arn:aws:sts::123456789012:assumed-role/writer/") == true)
        XCTAssertEqual(command.stop(signal: SIGTERM).status, 0)
        let logins = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").filter { $0.hasSuffix(" C_Login") }.count
        XCTAssertEqual(logins, 1, "two keys on one token: one login")
    }

    func testAFailingBindingDoesNotBlockTheOthers() throws {
        let files = try Self.twoRoles.get().1
        let config = try files.write(
            "bindings:\n" + (try binding("good", role: "reader")) + (try binding("refused", role: "not-in-the-profile")),
            name: "failing.yaml")
        let command = try LongRunningCommand(["serve", "--config", config, "--port", "0"])
        let lines = try command.lines(3)
        XCTAssertEqual(try callerARN(LongRunningCommand.exports([lines[1]])), "arn:aws:sts::123456789012:assumed-role/reader/good-session")
        // The failing binding is reported when its first fetch ends, which may be after serving began.
        let deadline = Date().addingTimeInterval(10)
        while !command.stderr.contains("binding 'refused'"), Date() < deadline { usleep(20_000) }
        XCTAssertTrue(command.stderr.contains("roles-anywhere: WARNING: binding 'refused' has no credentials yet (retrying): "), command.stderr)
        command.stop(signal: SIGTERM)
    }

    func testABindingWhoseServiceHangsDoesNotDelayTheOthers() throws {
        let files = try Self.twoRoles.get().1
        // A port that takes connections and never answers (the TLS handshake never ends).
        let silent = Process()
        silent.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        silent.arguments = ["-c", "import socket, time\ns = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(16)\nprint(s.getsockname()[1], flush=True); time.sleep(120)"]
        let out = Pipe()
        silent.standardOutput = out
        try silent.run()
        defer { silent.terminate() }
        var first = Data()
        while !first.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            first.append(chunk)
        }
        let port = try XCTUnwrap(String(decoding: first, as: UTF8.self).split(separator: "\n").first)
        let hanging = (try binding("hanging", role: "writer", extra: "    readTimeout: 30\n"))
            .replacingOccurrences(of: try Self.twoRoles.get().0.ready.endpoint, with: "https://127.0.0.1:\(port)")
        let config = try files.write("bindings:\n" + hanging + (try binding("prompt", role: "reader")), name: "hanging.yaml")
        let started = Date()
        let command = try LongRunningCommand(["serve", "--config", config, "--port", "0"])
        let lines = try command.lines(3, timeout: 20)
        XCTAssertLessThan(Date().timeIntervalSince(started), 15, "serving began without waiting for the hanging binding")
        XCTAssertTrue(try callerARN(LongRunningCommand.exports([lines[2]]))?.hasSuffix("assumed-role/reader/prompt-session") == true)
        command.stop(signal: SIGKILL)
    }

    func testABadBindingsFileIsOneLineAndStartsNothing() throws {
        let fixture = try EndToEndFixture.get()
        let files = try Self.twoRoles.get().1
        let one = try binding("twice", role: "reader")
        let cases: [(String, String)] = [
            ("bindings:\n" + one + one, "names two bindings 'twice': names must differ"),
            ("bindings:\n  - name: lacking\n    certificate: x.pem\n", "has binding 'lacking' without 'trustAnchorArn'"),
            ("bindings:\n" + (try binding("typo", role: "reader", extra: "    certficate: x.pem")), "has binding 'typo' whose key 'certficate' is unknown"),
            ("bindings: []\n", "has no bindings"),
            ("{not yaml: [", "is neither YAML nor JSON"),
            ("bindings:\n  - name: ..\n    certificate: x\n    trustAnchorArn: a\n    profileArn: b\n    roleArn: c\n", "a name is 1 to 64 letters"),
        ]
        for (index, (text, fragment)) in cases.enumerated() {
            let path = try files.write(text, name: "bad-\(index).yaml")
            let outcome = try fixture.run(["serve", "--config", path, "--port", "0"])
            OutputAssertions.assertFailure(outcome, exitCode: 65, containing: fragment)
        }
    }
}
