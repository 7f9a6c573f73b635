import Foundation
import RolesAnywhereTestSupport
import XCTest

/// Keys generated inside a TPM 2.0 (swtpm through tpm2-pkcs11): every key type end to end with
/// the emulator, the PIN rules a TPM needs (one try, lockout reported), the module's own noise
/// kept out of our one-line errors, and `serve` with one login.
final class TPMTests: XCTestCase {
    private struct Setup {
        let tpm: SoftwareTPM
        let files: TestFiles
        let emulator: EmulatorProcess
        let caDirectory: String
    }

    /// One TPM, one CA and one emulator for the class; stopped by their PIDs at the end.
    private static let shared: Result<Setup, any Error> = Result {
        let files = try TestFiles()
        let tpm = try SoftwareTPM(in: files.directory)
        let caDirectory = files.path("tpm-ca")
        let made = try ProcessRunner(BuiltProducts.rolesAnywhere, ["cert", "ca", "create", "--out-dir", caDirectory]).run()
        guard made.status == 0 else { throw TestSupportError("cert ca create failed: \(made.stderr)") }
        let emulator = try EmulatorProcess(
            arguments: ["--trust-anchor-ca", (caDirectory as NSString).appendingPathComponent("trust-anchor.pem")],
            folder: files.path("tpm-emulator"))
        return Setup(tpm: tpm, files: files, emulator: emulator, caDirectory: caDirectory)
    }

    override class func tearDown() {
        if case .success(let setup) = shared { setup.tpm.stop() }
        super.tearDown()
    }

    override func tearDown() {
        if case .success(let setup) = Self.shared { setup.tpm.flushLeftovers() }
        super.tearDown()
    }

    private var setup: Setup { get throws { try Self.shared.get() } }

    private func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessRunner.Outcome {
        let tpm = try setup.tpm
        return try ProcessRunner(
            BuiltProducts.rolesAnywhere, arguments,
            environment: tpm.environment.merging(["RA_TPM_PIN": tpm.userPIN]) { _, new in new }
                .merging(environment) { _, new in new },
            timeout: 120
        ).run()
    }

    private var module: [String] { get throws { ["--pkcs11-lib", try setup.tpm.modulePath] } }

    private func session() throws -> [String] {
        let ready = try setup.emulator.ready
        return [
            "--trust-anchor-arn", ready.trustAnchorArn, "--profile-arn", ready.profileArn, "--role-arn", ready.roleArn,
            "--endpoint", ready.endpoint, "--ca-bundle", ready.caBundle, "--no-cache",
        ]
    }

    /// keygen, csr, cert issue, import-cert: the key's and the certificate's URIs and the file.
    private func provision(label: String, keyType: String) throws -> (key: String, certificate: String, file: String) {
        let setup = try setup
        let keygen = try run(
            ["token", "keygen"] + module + ["--token", setup.tpm.tokenLabel, "--label", label, "--key-type", keyType, "--pin-env", "RA_TPM_PIN"])
        XCTAssertEqual(keygen.status, 0, "\(keyType): \(keygen.stderr)")
        XCTAssertEqual(keygen.stderr, "", "\(keyType): nothing on stderr, the module's noise included")
        let key = keygen.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let csr = setup.files.path("\(label).csr")
        let request = try run(["token", "csr"] + module + ["--key", key, "--subject", "CN=\(label),O=tpm test", "--out", csr, "--pin-env", "RA_TPM_PIN"])
        XCTAssertEqual(request.status, 0, request.stderr)
        let file = setup.files.path("\(label).pem")
        let issued = try run(["cert", "issue", "--ca-dir", setup.caDirectory, "--csr", csr, "--out", file])
        XCTAssertEqual(issued.status, 0, issued.stderr)
        let imported = try run(
            ["token", "import-cert"] + module + ["--token", setup.tpm.tokenLabel, "--cert", file, "--pin-env", "RA_TPM_PIN"])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        return (key, imported.stdout.trimmingCharacters(in: .whitespacesAndNewlines), file)
    }

    func testEveryKeyTypeIsMadeInsideTheTPMAndGetsCredentials() throws {
        let setup = try setup
        for keyType in ["ec-p256", "ec-p384", "rsa2048", "rsa3072"] {
            let label = "tpm-\(keyType)"
            let (key, certificate, file) = try provision(label: label, keyType: keyType)
            XCTAssertTrue(key.contains("token=\(setup.tpm.tokenLabel)") && key.hasSuffix("type=private"), key)
            // The token's certificate, its key found by CKA_ID.
            let onToken = try run(["credential-process"] + module + ["--certificate", certificate, "--pin-env", "RA_TPM_PIN"] + session())
            OutputAssertions.assertCredentials(onToken)
            XCTAssertEqual(onToken.stderr, "", keyType)
            // A certificate file with the key in the TPM.
            let fromFile = try run(
                ["credential-process"] + module + ["--certificate", file, "--private-key", "\(key)?pin-source=file:\(setup.tpm.pinFile)"]
                    + session())
            OutputAssertions.assertCredentials(fromFile)
        }
        // Listing by plain label, as keygen and import-cert take it: the keys never leave the TPM.
        let listing = try run(["token", "list"] + module + ["--token", setup.tpm.tokenLabel, "--pin-env", "RA_TPM_PIN"])
        XCTAssertEqual(listing.status, 0, listing.stderr)
        for keyType in ["ec-p256", "ec-p384", "rsa2048", "rsa3072"] {
            let line = listing.stdout.split(separator: "\n").first { $0.contains("private key 'tpm-\(keyType)'") }
            XCTAssertTrue(line?.contains("sensitive; not extractable") == true, "\(keyType): \(line ?? "no private key listed")")
        }
    }

    func testAWrongPINFromAFileIsTriedOnceAndSaysTPMsLock() throws {
        let setup = try setup
        let (_, certificate, _) = try provision(label: "tpm-wrong-pin", keyType: "ec-p256")
        let wrong = try setup.files.write("999999", name: "tpm-wrong-pin")
        chmod(wrong, 0o600)
        let spy = "/usr/lib/x86_64-linux-gnu/pkcs11-spy.so"
        let log = setup.files.path("tpm-spy-\(UUID().uuidString.prefix(6)).log")
        let outcome = try run(
            ["credential-process", "--pkcs11-lib", spy, "--certificate", "\(certificate)?pin-source=file:\(wrong)"] + session(),
            environment: ["PKCS11SPY": setup.tpm.modulePath, "PKCS11SPY_OUTPUT": log])
        OutputAssertions.assertFailure(
            outcome, exitCode: 66,
            containing: "is wrong (C_Login: CKR_PIN_INCORRECT); it came from the file '\(wrong)' and was not retried; each wrong PIN counts towards the token's lockout (a TPM locks after 3 by default, across runs)")
        let logins = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").filter { $0.hasSuffix(" C_Login") }.count
        XCTAssertEqual(logins, 1, "a PIN from a file is tried once")
    }

    func testTokenListFailsOnAWrongPINOrAnUnknownToken() throws {
        let setup = try setup
        let wrong = try run(["token", "list"] + module + ["--token", setup.tpm.tokenLabel, "--pin-env", "RA_TPM_PIN"], environment: ["RA_TPM_PIN": "000000"])
        OutputAssertions.assertFailure(wrong, exitCode: 66, containing: "is wrong (C_Login: CKR_PIN_INCORRECT)")
        let unknown = try run(["token", "list"] + module + ["--token", "no-such-token"])
        OutputAssertions.assertFailure(unknown, exitCode: 66, containing: "no token matches 'no-such-token'")
    }

    func testALockedTPMSaysEveryPINIsRefused() throws {
        let setup = try setup
        let (_, certificate, _) = try provision(label: "tpm-lockout", keyType: "ec-p256")
        // Tests only: lock after two wrong PINs, then put the relaxed test setting back.
        XCTAssertEqual(try setup.tpm.tools(
            ["tpm2_dictionarylockout", "--setup-parameters", "--max-tries=2", "--recovery-time=1000", "--lockout-recovery-time=1000"]).status, 0)
        defer {
            _ = try? setup.tpm.tools(["tpm2_dictionarylockout", "--clear-lockout"])
            _ = try? setup.tpm.tools(
                ["tpm2_dictionarylockout", "--setup-parameters", "--max-tries=1000", "--recovery-time=0", "--lockout-recovery-time=0"])
        }
        for attempt in 1...2 {
            let wrong = try run(
                ["credential-process"] + module + ["--certificate", certificate, "--pin-env", "RA_TPM_PIN"] + session(),
                environment: ["RA_TPM_PIN": "99999\(attempt)"])
            OutputAssertions.assertFailure(wrong, exitCode: 66, containing: "CKR_PIN_INCORRECT")
        }
        let locked = try run(["credential-process"] + module + ["--certificate", certificate, "--pin-env", "RA_TPM_PIN"] + session())
        OutputAssertions.assertFailure(
            locked, exitCode: 66,
            containing: "the PIN for token '\(setup.tpm.tokenLabel)' is locked (C_Login: CKR_PIN_LOCKED); every PIN is refused, the right one included: a TPM unlocks after its lockout time")
    }

    func testAnUnreachableTPMIsOneLineNamingTheModuleAndTheToken() throws {
        let setup = try setup
        let port = try Self.closedPort()
        let tcti = "swtpm:host=127.0.0.1,port=\(port)"
        let outcome = try run(
            ["credential-process"] + module + ["--certificate", "pkcs11:token=\(setup.tpm.tokenLabel);object=absent;type=cert", "--pin-env", "RA_TPM_PIN"]
                + session(),
            environment: ["TPM2_PKCS11_TCTI": tcti])
        OutputAssertions.assertFailure(
            outcome, exitCode: 66,
            containing: "roles-anywhere: the PKCS#11 module \(setup.tpm.modulePath) did not start for token '\(setup.tpm.tokenLabel)' (C_Initialize: CKR_GENERAL_ERROR): is the TPM reachable")
        XCTAssertFalse(outcome.stderr.contains("ERROR:"), "the module's own lines stay out: \(outcome.stderr)")
    }

    func testServeAnswersFromATPMKeyWithOneLogin() async throws {
        let setup = try setup
        let (_, certificate, _) = try provision(label: "tpm-serve", keyType: "ec-p256")
        let spy = "/usr/lib/x86_64-linux-gnu/pkcs11-spy.so"
        let log = setup.files.path("tpm-serve-spy-\(UUID().uuidString.prefix(6)).log")
        let ready = try setup.emulator.ready
        let command = try LongRunningCommand(
            ["serve", "--port", "0", "--pkcs11-lib", spy, "--certificate", certificate, "--pin-env", "RA_TPM_PIN",
             "--trust-anchor-arn", ready.trustAnchorArn, "--profile-arn", ready.profileArn, "--role-arn", ready.roleArn,
             "--endpoint", ready.endpoint, "--ca-bundle", ready.caBundle, "--role-session-name", "tpm-serve"],
            environment: setup.tpm.environment.merging(
                ["RA_TPM_PIN": setup.tpm.userPIN, "PKCS11SPY": setup.tpm.modulePath, "PKCS11SPY_OUTPUT": log]) { _, new in new })
        let exports = LongRunningCommand.exports(try command.lines(1))
        let client = MetadataClient(endpoint: try XCTUnwrap(exports["AWS_EC2_METADATA_SERVICE_ENDPOINT"]))
        let token = try await client.token()
        for _ in 0..<3 {
            let answer = try await client.credentials(token: token, role: ServeFixture.roleName)
            XCTAssertEqual(answer.status, 200, answer.body)
            XCTAssertTrue(answer.body.contains("\"AccessKeyId\" : \"ASIA") || answer.body.contains("\"AccessKeyId\":\"ASIA"), answer.body)
        }
        let ending = command.stop(signal: SIGTERM)
        XCTAssertEqual(ending.status, 0, ending.stderr)
        let logins = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").filter { $0.hasSuffix(" C_Login") }.count
        XCTAssertEqual(logins, 1, "serve logs in once")
    }

    func testTheReadmeTPMBlockRunsAsWritten() throws {
        let block = try XCTUnwrap(
            try ReadmeCommandsTests.shellBlocks().first { $0.first?.hasPrefix("scripts/tpm-setup.sh") == true },
            "no README block starts with scripts/tpm-setup.sh")
        let files = try TestFiles()
        defer {
            _ = try? ProcessRunner("/bin/bash", [SoftHSMTokens.packageRoot.path + "/scripts/tpm-setup.sh", "--stop", files.path("tpm")]).run()
            files.removeAll()
        }
        let scripts = SoftHSMTokens.packageRoot.path + "/scripts/"
        let lines = block.map { $0.replacingOccurrences(of: "scripts/", with: scripts) }
        let path = BuiltProducts.directory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let script = "set -euo pipefail\ncd '\(files.directory)'\n" + lines.joined(separator: "\n")
        let outcome = try ProcessRunner("/bin/bash", ["-c", script], environment: ["PATH": path], timeout: 300).run()
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("private key 'aws'") && outcome.stdout.contains("certificate 'aws'"), outcome.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: files.path("tpm/swtpm.pid")), "the block's last line stops its TPM")
    }

    /// A loopback port with nobody listening.
    private static func closedPort() throws -> Int {
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(probe) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw TestSupportError("cannot bind a probe socket") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
