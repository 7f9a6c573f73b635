import Foundation
import RolesAnywhereTestSupport
import XCTest

/// `credential-process` with keys that never leave SoftHSM, accepted by the emulator, read by
/// the AWS CLI; and one `C_Sign` per fetch, counted by OpenSC's pkcs11-spy.
final class TokenCredentialProcessTests: XCTestCase {
    /// An emulator trusting the SoftHSM test CA (shared by the tests of this class).
    private static let emulator: Result<(EmulatorProcess, TestFiles), any Error> = Result {
        let files = try TestFiles()
        let ca = try SoftHSMTokens.directory().appendingPathComponent("ca/ca.pem").path
        return (try EmulatorProcess(arguments: ["--trust-anchor-ca", ca], folder: files.directory), files)
    }

    private var ready: EmulatorProcess.Ready { get throws { try Self.emulator.get().0.ready } }
    private var files: TestFiles { get throws { try Self.emulator.get().1 } }

    private func session() throws -> [String] {
        let ready = try ready
        return [
            "--trust-anchor-arn", ready.trustAnchorArn, "--profile-arn", ready.profileArn, "--role-arn", ready.roleArn,
            "--endpoint", ready.endpoint, "--ca-bundle", ready.caBundle, "--no-cache",
        ]
    }

    private func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessRunner.Outcome {
        let base = try SoftHSMTokens.childEnvironment()
        return try ProcessRunner(
            BuiltProducts.rolesAnywhere, arguments, environment: base.merging(environment) { _, new in new }
        ).run()
    }

    private func pinFile() throws -> String {
        let path = try files.write(SoftHSMTokens.userPIN, name: "pin-\(UUID().uuidString.prefix(6))")
        chmod(path, 0o600)
        return path
    }

    func testEveryKeyTypeWithCertificateAndKeyOnTheToken() throws {
        let pin = try pinFile()
        for label in ["rsa2048", "rsa3072", "ecp256", "ecp384"] {
            let outcome = try run(
                ["credential-process", "--pkcs11-lib", SoftHSMTokens.modulePath,
                 "--certificate", "pkcs11:token=ra-test;object=\(label);type=cert",
                 "--private-key", "pkcs11:token=ra-test;object=\(label);type=private?pin-source=file:\(pin)"] + session())
            OutputAssertions.assertCredentials(outcome)
        }
    }

    func testKeyFoundNextToTheTokenCertificateThroughTheP11KitProxy() throws {
        let outcome = try run(
            ["credential-process", "--certificate", "pkcs11:token=ra-test;id=%03;type=cert", "--pin-env", "RA_E2E_PIN"] + session(),
            environment: ["RA_E2E_PIN": SoftHSMTokens.userPIN])
        OutputAssertions.assertCredentials(outcome)
    }

    func testImportedKeyWithoutPublicValuesIsProvenByItsOwnSignature() throws {
        // The official helper handles these (keys imported with pkcs11-tool: no public key object,
        // no CKA_EC_POINT); the request's one signature is verified with the certificate before it is sent.
        let pin = try pinFile()
        let certificate = try SoftHSMTokens.certificatePath("imported-ec")
        let good = try run(
            ["credential-process", "--pkcs11-lib", SoftHSMTokens.modulePath, "--certificate", certificate,
             "--private-key", "pkcs11:token=ra-imported;object=imported-ec;type=private?pin-source=file:\(pin)"] + session())
        OutputAssertions.assertCredentials(good)
        let wrong = try run(
            ["credential-process", "--pkcs11-lib", SoftHSMTokens.modulePath, "--certificate", certificate,
             "--private-key", "pkcs11:token=ra-imported;object=imported-other;type=private?pin-source=file:\(pin)"] + session())
        OutputAssertions.assertFailure(
            wrong, exitCode: 65,
            containing: "does not belong to the certificate CN=imported-ec,O=roles-anywhere test: its signature does not verify with the certificate's public key")
    }

    func testAnAlwaysAuthenticateKeyWithoutATerminalPointsAtReusePin() throws {
        let tty = open("/dev/tty", O_RDWR)
        guard tty < 0 else {
            close(tty)
            throw XCTSkip("this test runs only where there is no terminal (as in CI)")
        }
        let outcome = try run(
            ["credential-process", "--pkcs11-lib", SoftHSMTokens.modulePath,
             "--certificate", "pkcs11:token=ra-test;object=rsa-always;type=cert", "--pin-env", "RA_E2E_PIN"] + session(),
            environment: ["RA_E2E_PIN": SoftHSMTokens.userPIN])
        OutputAssertions.assertFailure(
            outcome, exitCode: 66,
            containing: "the key 'rsa-always' on token 'ra-test' asks for the PIN again at every signature and there is no terminal to ask it: add --reuse-pin")
        let reused = try run(
            ["credential-process", "--pkcs11-lib", SoftHSMTokens.modulePath,
             "--certificate", "pkcs11:token=ra-test;object=rsa-always;type=cert", "--pin-env", "RA_E2E_PIN", "--reuse-pin"] + session(),
            environment: ["RA_E2E_PIN": SoftHSMTokens.userPIN])
        OutputAssertions.assertCredentials(reused)
    }

    func testCertificateFileWithTokenKey() throws {
        let outcome = try run(
            ["credential-process", "--pkcs11-lib", SoftHSMTokens.modulePath,
             "--certificate", try SoftHSMTokens.certificatePath("ecp384"),
             "--private-key", "pkcs11:token=ra-test;object=ecp384;type=private", "--pin-command", "printf 1234"] + session())
        OutputAssertions.assertCredentials(outcome)
    }

    func testWrongPINIsOneLineWithTheTokenName() throws {
        let outcome = try run(
            ["credential-process", "--pkcs11-lib", SoftHSMTokens.modulePath, "--certificate", "pkcs11:token=ra-test;object=ecp256;type=cert",
             "--pin-env", "RA_E2E_PIN"] + session(),
            environment: ["RA_E2E_PIN": "0000"])
        OutputAssertions.assertFailure(outcome, exitCode: 66, containing: "ra-test")
        XCTAssertFalse(outcome.stderr.contains("0000"))
    }

    func testExactlyOneCSignPerFetchThroughPKCS11Spy() throws {
        let spy = "/usr/lib/x86_64-linux-gnu/pkcs11-spy.so"
        guard FileManager.default.fileExists(atPath: spy) else {
            if InteropTools.required { XCTFail("OpenSC's pkcs11-spy.so is missing: scripts/test.sh installs opensc") }
            throw XCTSkip("pkcs11-spy.so is not installed")
        }
        for label in ["rsa2048", "ecp384", "rsa-always"] {
            let log = try files.path("spy-\(label)-\(UUID().uuidString.prefix(6)).log")
            let outcome = try run(
                ["credential-process", "--pkcs11-lib", spy, "--reuse-pin",
                 "--certificate", "pkcs11:token=ra-test;object=\(label);type=cert", "--pin-env", "RA_E2E_PIN"] + session(),
                environment: ["RA_E2E_PIN": SoftHSMTokens.userPIN, "PKCS11SPY": SoftHSMTokens.modulePath, "PKCS11SPY_OUTPUT": log])
            OutputAssertions.assertCredentials(outcome)
            let calls = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").filter { $0.contains("C_") }
            let signs = calls.filter { $0.contains(" C_Sign\n") || $0.hasSuffix(" C_Sign") }.count
            let logins = calls.filter { $0.hasSuffix(" C_Login") }.count
            XCTAssertEqual(signs, 1, "\(label): one C_Sign per fetch")
            XCTAssertEqual(logins, label == "rsa-always" ? 2 : 1, "\(label): one user login (plus one context login for always-authenticate keys)")
        }
    }

    func testAWSCLIWithACredentialProcessProfileUsingTokenURIs() throws {
        guard let aws = InteropTools.awsCLI else {
            if InteropTools.required { XCTFail("the AWS CLI is missing: run scripts/test.sh") }
            throw XCTSkip("the AWS CLI is not installed")
        }
        let pin = try pinFile()
        let arguments = [BuiltProducts.rolesAnywhere, "credential-process", "--pkcs11-lib", SoftHSMTokens.modulePath,
                         "--certificate", "pkcs11:token=ra-test;object=rsa2048;type=cert",
                         "--private-key", "pkcs11:token=ra-test;object=rsa2048;type=private?pin-source=file:\(pin)"] + (try session())
        let command = arguments
            .map { "'\($0)'" }.joined(separator: " ")
        let config = try files.write("[profile token]\nregion = us-east-1\ncredential_process = \(command)\n", name: "token-aws-config")
        let environment = try SoftHSMTokens.childEnvironment().merging([
            "AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": try files.path("none"), "AWS_CA_BUNDLE": try ready.caBundle,
        ]) { _, new in new }
        let cli = try ProcessRunner(
            aws, ["sts", "get-caller-identity", "--profile", "token", "--endpoint-url", try ready.endpoint, "--query", "Arn", "--output", "text"],
            environment: environment
        ).run()
        XCTAssertEqual(cli.status, 0, cli.stderr)
        XCTAssertTrue(cli.stdout.hasPrefix("arn:aws:sts::123456789012:assumed-role/roles-anywhere-demo/"), cli.stdout)
    }
}
