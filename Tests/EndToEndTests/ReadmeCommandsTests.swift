import Foundation
import RolesAnywhereTestSupport
import XCTest

/// The README's shell blocks, run as a user would run them, in order: the token story from
/// nothing to credentials (block "Certificates and keys born in the token"), `token list`,
/// `serve`, the emulator's command line and the AWS CLI against its STS. Placeholders (`…`,
/// `PORT`, `/path/tls-ca.pem`, `my-hsm`) are filled with this run's values; everything else is
/// the README's text. A README line that stops being true fails here.
final class ReadmeCommandsTests: XCTestCase {
    /// The README's ```sh blocks, each a list of lines.
    static func shellBlocks() throws -> [[String]] {
        let text = try String(contentsOf: SoftHSMTokens.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var blocks: [[String]] = []
        var current: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line == "```sh" {
                current = []
            } else if line.hasPrefix("```"), let block = current {
                blocks.append(block)
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    private func block(startingWith prefix: String) throws -> [String] {
        try XCTUnwrap(try Self.shellBlocks().first { $0.first?.hasPrefix(prefix) == true }, "no README block starts with \(prefix)")
    }

    /// Runs lines in bash (errexit) in `folder`, with the built programs first on PATH.
    private func bash(_ lines: [String], in folder: String, environment: [String: String]) throws -> ProcessRunner.Outcome {
        let path = BuiltProducts.directory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let script = "set -euo pipefail\ncd '\(folder)'\n" + lines.joined(separator: "\n")
        return try ProcessRunner("/bin/bash", ["-c", script], environment: environment.merging(["PATH": path]) { _, new in new }, timeout: 120).run()
    }

    func testTheTokenStoryAndTheCommandsAroundItRunAsWritten() throws {
        let files = try TestFiles()
        defer { files.removeAll() }
        let folder = files.directory
        try FileManager.default.createDirectory(atPath: files.path("tokens"), withIntermediateDirectories: true)
        let conf = try files.write("directories.tokendir = \(files.path("tokens"))\nobjectstore.backend = file\nlog.level = ERROR\n", name: "softhsm2.conf")
        var environment = ["SOFTHSM2_CONF": conf, "HOME": folder, "XDG_CACHE_HOME": files.path("cache")]

        // 1. From nothing to a key in the token and its certificate: every line but the last as written.
        let story = try block(startingWith: "softhsm2-util --init-token")
        let lastLine = try XCTUnwrap(story.last)
        XCTAssertTrue(lastLine.hasPrefix("roles-anywhere credential-process --certificate \"$CERT\""), lastLine)
        let setup = try bash(Array(story.dropLast()) + ["printf '%s' \"$CERT\" > cert.uri"], in: folder, environment: environment)
        XCTAssertEqual(setup.status, 0, setup.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: files.path("ca/trust-anchor.pem")))

        // 2. The local service trusting ca/trust-anchor.pem, as the README says to start it.
        let emulator = try EmulatorProcess(arguments: ["--trust-anchor-ca", files.path("ca/trust-anchor.pem")], folder: files.path("emulator"))
        defer { emulator.stop() }
        let ready = emulator.ready
        let filled = { (line: String) -> String in
            line.replacingOccurrences(of: "--trust-anchor-arn … --profile-arn … --role-arn …", with:
                "--trust-anchor-arn \(ready.trustAnchorArn) --profile-arn \(ready.profileArn) --role-arn \(ready.roleArn) --endpoint \(ready.endpoint) --ca-bundle \(ready.caBundle)")
        }
        let credentials = try bash(
            ["export TOKEN_PIN=1234", "CERT=$(cat cert.uri)", filled(lastLine)], in: folder, environment: environment)
        XCTAssertEqual(credentials.status, 0, credentials.stderr)
        XCTAssertTrue(credentials.stdout.hasPrefix("{\"Version\":1,\"AccessKeyId\":\"ASIA"), credentials.stdout)

        // 3. token list: the token and its objects, each with its URI; with the PIN, the private key too.
        let listing = try block(startingWith: "roles-anywhere token list")
        let plain = try bash([listing[0]], in: folder, environment: environment)
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertTrue(plain.stdout.contains("token=my-token"), plain.stdout)
        let withPIN = try bash(
            [listing[1].replacingOccurrences(of: "my-hsm", with: "my-token")], in: folder, environment: environment.merging(["HSM_PIN": "1234"]) { _, new in new })
        XCTAssertEqual(withPIN.status, 0, withPIN.stderr)
        XCTAssertTrue(withPIN.stdout.contains("object=aws;type=private"), withPIN.stdout)

        // 4. serve: the line it prints is the export the README shows next.
        let serveBlock = try block(startingWith: "roles-anywhere serve")
        let serveLine = filled(serveBlock[0]).replacingOccurrences(of: "--certificate … --private-key …", with: "--certificate \"$(cat cert.uri)\" --pin-env TOKEN_PIN")
            .replacingOccurrences(of: " [--container-credentials]", with: " --port 0")
        environment["TOKEN_PIN"] = "1234"
        let served = try bash(
            ["\(serveLine) > serve.out 2> serve.err &", "SERVE=$!", "for i in $(seq 200); do [ -s serve.out ] && break; sleep 0.1; done",
             "kill $SERVE", "wait $SERVE || true", "cat serve.out"],
            in: folder, environment: environment)
        XCTAssertEqual(served.status, 0, served.stderr)
        let documented = try XCTUnwrap(serveBlock.last)
        let exportPattern = documented.replacingOccurrences(of: "9911", with: "[0-9]+").replacingOccurrences(of: ".", with: "\\.")
        let exportLine = served.stdout.split(separator: "\n").first.map(String.init) ?? ""
        XCTAssertNotNil(exportLine.range(of: "^" + exportPattern + "$", options: .regularExpression), served.stdout)

        // 5. The AWS CLI with those credentials against the service's STS, as the README writes it.
        guard let aws = InteropTools.awsCLI else {
            if InteropTools.required { XCTFail("the AWS CLI is missing") }
            return
        }
        let keys = try JSONDecoder().decode([String: AnyCodable].self, from: Data(credentials.stdout.utf8))
        let sts = try block(startingWith: "AWS_CA_BUNDLE=")[0]
            .replacingOccurrences(of: "/path/tls-ca.pem", with: ready.caBundle)
            .replacingOccurrences(of: "https://127.0.0.1:PORT", with: ready.endpoint)
            .replacingOccurrences(of: " aws ", with: " '\(aws)' ")
        let caller = try bash([sts], in: folder, environment: environment.merging([
            "AWS_ACCESS_KEY_ID": keys["AccessKeyId"]?.text ?? "", "AWS_SECRET_ACCESS_KEY": keys["SecretAccessKey"]?.text ?? "",
            "AWS_SESSION_TOKEN": keys["SessionToken"]?.text ?? "", "AWS_CONFIG_FILE": "/dev/null",
        ]) { _, new in new })
        XCTAssertEqual(caller.status, 0, caller.stderr)
        XCTAssertTrue(caller.stdout.contains("assumed-role/roles-anywhere-demo/"), caller.stdout)
    }
}

/// A JSON value of the credential_process document (strings and the version number).
private struct AnyCodable: Decodable {
    var text: String?
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        text = try? container.decode(String.self)
    }
}
