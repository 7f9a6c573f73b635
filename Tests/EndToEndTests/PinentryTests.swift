import Foundation
import RolesAnywhereTestSupport
import XCTest

/// `credential-process --pinentry pinentry-tty` with a SoftHSM key: the PIN is typed on a
/// pseudo-terminal named by `GPG_TTY` while roles-anywhere itself has no terminal, by
/// `scripts/lib/pinentry_pty.py`, which reports what pinentry-tty showed and never the answers.
final class PinentryTests: XCTestCase {
    /// An emulator trusting the SoftHSM test CA (shared by the tests of this class).
    private static let emulator: Result<(EmulatorProcess, TestFiles), any Error> = Result {
        let files = try TestFiles()
        let ca = try SoftHSMTokens.directory().appendingPathComponent("ca/ca.pem").path
        return (try EmulatorProcess(arguments: ["--trust-anchor-ca", ca], folder: files.directory), files)
    }

    private static let pinentryTTY = "/usr/bin/pinentry-tty"
    private static let wrongPIN = "000000"

    /// What the harness printed: the command's outcome and what pinentry-tty drew on the pty.
    private struct Harness: Decodable {
        var status: Int32
        var stdout: String
        var stderr: String
        var prompts: Int
        /// Everything written on the pty (answers, were they echoed, replaced by `<answer N>`).
        var screen: String
        /// The text shown before each prompt, escape sequences removed.
        var promptTexts: [String]

        enum CodingKeys: String, CodingKey {
            case status, stdout, stderr, prompts, screen
            case promptTexts = "prompt_texts"
        }
    }

    private func session() throws -> [String] {
        let ready = try Self.emulator.get().0.ready
        return [
            "--trust-anchor-arn", ready.trustAnchorArn, "--profile-arn", ready.profileArn, "--role-arn", ready.roleArn,
            "--endpoint", ready.endpoint, "--ca-bundle", ready.caBundle, "--no-cache",
        ]
    }

    /// Runs `roles-anywhere credential-process` for `ra-test`'s `ecp256` with `--pinentry program`
    /// through the harness, which types `answers` (then Ctrl-D when `cancel`).
    private func credentialProcess(pinentry program: String, answers: [String], cancel: Bool = false) throws -> Harness {
        guard FileManager.default.isExecutableFile(atPath: Self.pinentryTTY) else {
            if InteropTools.required { XCTFail("pinentry-tty is missing: apt-get install pinentry-tty") }
            throw XCTSkip("pinentry-tty is not installed")
        }
        let harness = SoftHSMTokens.packageRoot.appendingPathComponent("scripts/lib/pinentry_pty.py").path
        let command = [
            BuiltProducts.rolesAnywhere, "credential-process", "--pkcs11-lib", SoftHSMTokens.modulePath,
            "--certificate", "pkcs11:token=ra-test;object=ecp256;type=cert", "--pinentry", program,
        ] + (try session())
        let options = answers.flatMap { ["--answer", $0] } + (cancel ? ["--cancel"] : []) + ["--timeout", "60"]
        // The harness needs only Python's standard library.
        let outcome = try ProcessRunner(
            "/usr/bin/python3", [harness] + options + ["--"] + command,
            environment: try SoftHSMTokens.childEnvironment(), timeout: 90
        ).run()
        XCTAssertEqual(outcome.status, 0, "the harness failed: \(outcome.stderr)")
        return try JSONDecoder().decode(Harness.self, from: Data(outcome.stdout.utf8))
    }

    /// Nothing the harness reports holds an answer (the replaced form included).
    private func assertNoPIN(_ result: Harness, file: StaticString = #filePath, line: UInt = #line) {
        for text in [result.stderr, result.screen] + result.promptTexts {
            for secret in [Self.wrongPIN, SoftHSMTokens.userPIN, "<answer"] {
                XCTAssertFalse(text.contains(secret), "a PIN was shown or printed: \(secret)", file: file, line: line)
            }
        }
        // stdout must be exactly the credential document (checked by the callers), so it holds no
        // PIN; a substring test would fail by chance when the random session token contains "1234".
        XCTAssertFalse(result.stdout.contains(Self.wrongPIN), file: file, line: line)
    }

    /// One line on stderr, nothing on stdout, the exit status.
    private func assertFailure(
        _ result: Harness, exitCode: Int32, containing fragment: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        OutputAssertions.assertFailure(
            ProcessRunner.Outcome(status: result.status, stdout: result.stdout, stderr: result.stderr), exitCode: exitCode,
            containing: fragment, file: file, line: line)
    }

    func testAWrongPINThenTheRightOneThroughPinentryTTY() throws {
        let result = try credentialProcess(pinentry: Self.pinentryTTY, answers: [Self.wrongPIN, SoftHSMTokens.userPIN])
        XCTAssertEqual(result.status, 0, "stderr: \(result.stderr); screen: \(result.screen)")
        XCTAssertNotNil(
            result.stdout.range(of: OutputAssertions.credentialProcessPattern, options: .regularExpression),
            "stdout is not the credential_process document: \(result.stdout.prefix(120))")
        XCTAssertEqual(result.prompts, 2, "screen: \(result.screen)")
        XCTAssertTrue(result.screen.contains("Enter the PIN for token 'ra-test'"), "screen: \(result.screen)")
        if result.promptTexts.count == 2 {
            XCTAssertFalse(result.promptTexts[0].contains("Wrong PIN, try again"), result.promptTexts[0])
            XCTAssertTrue(result.promptTexts[1].contains("Wrong PIN, try again"), result.promptTexts[1])
            XCTAssertTrue(result.promptTexts[1].contains("ra-test"), result.promptTexts[1])
            XCTAssertTrue(result.promptTexts[1].hasSuffix("PIN: "), result.promptTexts[1])
        }
        assertNoPIN(result)
    }

    func testCancellingThePromptIsOneLine() throws {
        // Ctrl-D at pinentry-tty's prompt answers ERR 83886179 (Operation cancelled).
        let result = try credentialProcess(pinentry: Self.pinentryTTY, answers: [], cancel: true)
        assertFailure(result, exitCode: 66, containing: "the PIN entry for token 'ra-test' was cancelled")
        XCTAssertEqual(result.stderr, "roles-anywhere: the PIN entry for token 'ra-test' was cancelled\n")
        XCTAssertEqual(result.prompts, 1, "screen: \(result.screen)")
        assertNoPIN(result)
    }

    func testAMissingPinentryProgramIsOneLineNamingIt() throws {
        let result = try credentialProcess(pinentry: "/nonexistent/pinentry", answers: [SoftHSMTokens.userPIN])
        assertFailure(result, exitCode: 66, containing: "/nonexistent/pinentry")
        XCTAssertEqual(result.prompts, 0, "screen: \(result.screen)")
        XCTAssertEqual(result.screen, "")
        assertNoPIN(result)
    }

    func testABarePinentryNeverRunsAProgramFromTheCurrentFolder() throws {
        let files = try TestFiles()
        defer { files.removeAll() }
        let marker = files.path("ran")
        let planted = try files.write("#!/bin/sh\ntouch '\(marker)'\necho OK\n", name: "pinentry")
        chmod(planted, 0o755)
        let command = [
            BuiltProducts.rolesAnywhere, "credential-process", "--no-cache", "--pkcs11-lib", SoftHSMTokens.modulePath,
            "--certificate", "pkcs11:token=ra-test;object=ecp256;type=cert", "--pinentry",
        ] + (try session())
        let script = "cd '\(files.directory)' && exec " + command.map { "'\($0)'" }.joined(separator: " ")
        for path in ["/nonexistent", ":/nonexistent", "/nonexistent::/x"] {
            let outcome = try ProcessRunner(
                "/bin/bash", ["-c", script],
                environment: (try SoftHSMTokens.childEnvironment()).merging(["PATH": path, "DISPLAY": ":99"]) { _, new in new }
            ).run()
            OutputAssertions.assertFailure(outcome, exitCode: 66, containing: "--pinentry found no pinentry program on PATH")
            XCTAssertFalse(FileManager.default.fileExists(atPath: marker), "PATH=\(path): a pinentry in the current folder ran")
        }
    }
}
