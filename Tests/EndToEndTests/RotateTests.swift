import Foundation
import RolesAnywhereTestSupport
import XCTest

/// `rotate` with key files and a CA folder: not due, forced, kept old pair, an issuer or
/// service that refuses (old pair untouched), fetches running beside rotations never failing,
/// rotations killed at random points, and two at once.
final class RotateTests: XCTestCase, @unchecked Sendable {
    private struct Setup {
        let files: TestFiles
        let caDirectory: String
        let emulator: EmulatorProcess
    }

    private static let shared: Result<Setup, any Error> = Result {
        let files = try TestFiles()
        let ca = files.path("rotate-ca")
        let made = try ProcessRunner(BuiltProducts.rolesAnywhere, ["cert", "ca", "create", "--out-dir", ca]).run()
        guard made.status == 0 else { throw TestSupportError("cert ca create: \(made.stderr)") }
        let emulator = try EmulatorProcess(
            arguments: ["--trust-anchor-ca", ca + "/trust-anchor.pem"], folder: files.path("rotate-emulator"))
        return Setup(files: files, caDirectory: ca, emulator: emulator)
    }

    private var setup: Setup { get throws { try Self.shared.get() } }

    private func run(_ arguments: [String]) throws -> ProcessRunner.Outcome {
        try ProcessRunner(BuiltProducts.rolesAnywhere, arguments, timeout: 120).run()
    }

    private func session() throws -> [String] {
        let ready = try setup.emulator.ready
        return ["--trust-anchor-arn", ready.trustAnchorArn, "--profile-arn", ready.profileArn, "--role-arn", ready.roleArn,
                "--endpoint", ready.endpoint, "--ca-bundle", ready.caBundle]
    }

    /// A key file and a certificate for it from the test CA, valid `days` days.
    private func pair(_ name: String, days: Int = 30) throws -> (certificate: String, key: String) {
        let setup = try setup
        let folder = setup.files.path("pair-\(name)-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let key = folder + "/workload.key"
        let csr = folder + "/workload.csr"
        let made = try ProcessRunner(
            "/usr/bin/openssl",
            ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=\(name)/O=rotate test"]
        ).run()
        XCTAssertEqual(made.status, 0, made.stderr)
        chmod(key, 0o600)
        let certificate = folder + "/workload.pem"
        let issued = try run(["cert", "issue", "--ca-dir", setup.caDirectory, "--csr", csr, "--out", certificate, "--days", String(days)])
        XCTAssertEqual(issued.status, 0, issued.stderr)
        return (certificate, key)
    }

    private func fetch(_ pair: (certificate: String, key: String)) throws -> ProcessRunner.Outcome {
        try run(["credential-process", "--no-cache", "--certificate", pair.certificate, "--private-key", pair.key] + session())
    }

    private func rotate(_ pair: (certificate: String, key: String), _ extra: [String] = []) throws -> ProcessRunner.Outcome {
        try run(["rotate", "--certificate", pair.certificate, "--private-key", pair.key, "--ca-dir", try setup.caDirectory] + extra)
    }

    func testNotDueThenForcedThenKeptOld() throws {
        let pair = try pair("forced", days: 30)
        let before = try Data(contentsOf: URL(fileURLWithPath: pair.certificate))
        let notDue = try rotate(pair)
        XCTAssertEqual(notDue.status, 0, notDue.stderr)
        XCTAssertNotNil(notDue.stdout.range(of: #"^not due: (29|30) days left\n$"#, options: .regularExpression), notDue.stdout)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: pair.certificate)), before)

        let forced = try rotate(pair, ["--force", "--keep-old", "--validity-days", "7"] + session())
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertNotNil(forced.stdout.range(of: #"^renewed: serial [0-9]+ valid until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$"#, options: .regularExpression), forced.stdout)
        XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: pair.certificate)), before)
        let mode = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: pair.key)[.posixPermissions] as? Int)
        XCTAssertEqual(mode & 0o777, 0o600)
        OutputAssertions.assertCredentials(try fetch(pair))
        OutputAssertions.assertCredentials(try fetch((pair.certificate + ".previous", pair.key + ".previous")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: pair.certificate + ".next"))
        // Due within the default third of its 7-day life? No: 7 days left of 7.
        XCTAssertTrue(try rotate(pair).stdout.hasPrefix("not due: "))
    }

    func testARefusingServiceOrIssuerLeavesTheOldPairUntouched() throws {
        let setup = try setup
        let pair = try pair("refused")
        let before = (try Data(contentsOf: URL(fileURLWithPath: pair.certificate)), try Data(contentsOf: URL(fileURLWithPath: pair.key)))
        // A CA the trust anchor does not know: the CreateSession with the new pair is refused.
        let other = setup.files.path("other-ca-\(UUID().uuidString.prefix(6))")
        XCTAssertEqual(try run(["cert", "ca", "create", "--out-dir", other]).status, 0)
        let refused = try run(["rotate", "--certificate", pair.certificate, "--private-key", pair.key, "--ca-dir", other, "--force"] + session())
        OutputAssertions.assertFailure(refused, exitCode: 67, containing: "the new certificate did not get credentials, so the old pair stays: the service refused the request")
        // A CA that has expired.
        let expired = setup.files.path("expired-ca-\(UUID().uuidString.prefix(6))")
        XCTAssertEqual(try run(["cert", "ca", "create", "--out-dir", expired, "--days", "1", "--now", "2020-01-01T00:00:00Z"]).status, 0)
        let stale = try run(["rotate", "--certificate", pair.certificate, "--private-key", pair.key, "--ca-dir", expired, "--force"])
        OutputAssertions.assertFailure(stale, exitCode: 65, containing: "renew the CA")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: pair.certificate)), before.0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: pair.key)), before.1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pair.key + ".next"))
        OutputAssertions.assertCredentials(try fetch(pair))
    }

    func testFetchesBesideRotationsNeverFailAndTwoRotationsSerialise() throws {
        let pair = try pair("beside")
        let stop = Atomic(false)
        let failures = Mutex<[String]>([])
        let fetches = Atomic(0)
        let thread = Thread {
            while !stop.load() {
                if let outcome = try? self.fetch(pair) {
                    fetches.add(1)
                    if outcome.status != 0 { failures.withLock { $0.append(outcome.stderr) } }
                }
            }
        }
        thread.start()
        // Two at a time, until a few dozen fetches ran beside them: each pair serialises on the lock.
        var rounds = 0
        while rounds < 3 || (fetches.load() < 20 && rounds < 40) {
            rounds += 1
            let group = DispatchGroup()
            let statuses = Mutex<[Int32]>([])
            for _ in 0..<2 {
                DispatchQueue.global().async(group: group) {
                    let outcome = try? self.rotate(pair, ["--force"])
                    statuses.withLock { $0.append(outcome?.status ?? -1) }
                }
            }
            group.wait()
            XCTAssertEqual(statuses.withLock { $0 }, [0, 0])
        }
        stop.store(true)
        while !thread.isFinished { usleep(10_000) }
        XCTAssertGreaterThanOrEqual(fetches.load(), 20)
        XCTAssertEqual(failures.withLock { $0 }, [], "no fetch failed while the pair was rotated")
        OutputAssertions.assertCredentials(try fetch(pair))
    }

    func testServeAutoRenewsADueCertificateWhileServing() async throws {
        let pair = try pair("auto-renew", days: 30)
        let before = try Data(contentsOf: URL(fileURLWithPath: pair.certificate))
        // Due at once: fewer than 40 days are left of its 30.
        let command = try LongRunningCommand(
            ["serve", "--port", "0", "--certificate", pair.certificate, "--private-key", pair.key, "--auto-renew",
             "--ca-dir", try setup.caDirectory, "--renew-before", "40"] + (try session()))
        let exports = LongRunningCommand.exports(try command.lines(1))
        XCTAssertNotNil(command.stderr.range(of: #"^roles-anywhere: renewed: serial [0-9]+ valid until "#, options: .regularExpression), command.stderr)
        XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: pair.certificate)), before)
        let client = MetadataClient(endpoint: try XCTUnwrap(exports["AWS_EC2_METADATA_SERVICE_ENDPOINT"]))
        let token = try await client.token()
        let answer = try await client.credentials(token: token, role: ServeFixture.roleName)
        XCTAssertEqual(answer.status, 200, answer.body)
        let metrics = try await client.send("GET", "metrics")
        XCTAssertTrue(metrics.body.contains("roles_anywhere_renewals_total{outcome=\"renewed\"} 1"), metrics.body)
        XCTAssertEqual(command.stop(signal: SIGTERM).status, 0)
        OutputAssertions.assertCredentials(try fetch(pair))
    }

    func testAutoRenewNeedsACAFolderAndKeyFiles() throws {
        let pair = try pair("auto-renew-bad")
        let noCA = try run(["update", "--once", "--certificate", pair.certificate, "--private-key", pair.key, "--auto-renew"] + session())
        OutputAssertions.assertFailure(noCA, exitCode: 64, containing: "--auto-renew needs --ca-dir or --acm-pca-arn")
    }

    /// An emulator that is also AWS Private CA for the test CA folder.
    private static let privateCA: Result<EmulatorProcess, any Error> = Result {
        let setup = try shared.get()
        return try EmulatorProcess(arguments: ["--private-ca", setup.caDirectory], folder: setup.files.path("pca-emulator"))
    }

    private func privateCASession() throws -> (arguments: [String], ready: EmulatorProcess.Ready, arn: String) {
        let emulator = try Self.privateCA.get()
        let ready = emulator.ready
        let arn = try XCTUnwrap(ready.privateCaArn, "the ready line names the Private CA")
        return (["--trust-anchor-arn", ready.trustAnchorArn, "--profile-arn", ready.profileArn, "--role-arn", ready.roleArn,
                 "--endpoint", ready.endpoint, "--ca-bundle", ready.caBundle], ready, arn)
    }

    func testRotateThroughAWSPrivateCA() throws {
        let pca = try privateCASession()
        let pair = try pair("private-ca")
        let before = try Data(contentsOf: URL(fileURLWithPath: pair.certificate))
        let renewed = try run(
            ["rotate", "--certificate", pair.certificate, "--private-key", pair.key, "--acm-pca-arn", pca.arn,
             "--acm-pca-endpoint", pca.ready.endpoint, "--force"] + pca.arguments)
        XCTAssertEqual(renewed.status, 0, renewed.stderr)
        XCTAssertTrue(renewed.stdout.hasPrefix("renewed: serial "), renewed.stdout)
        XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: pair.certificate)), before)
        OutputAssertions.assertCredentials(
            try run(["credential-process", "--no-cache", "--certificate", pair.certificate, "--private-key", pair.key] + pca.arguments))
        // A Private CA that does not exist: one line, the pair untouched.
        let kept = try Data(contentsOf: URL(fileURLWithPath: pair.certificate))
        let refused = try run(
            ["rotate", "--certificate", pair.certificate, "--private-key", pair.key, "--acm-pca-arn",
             "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/00000000-0000-0000-0000-000000000000",
             "--acm-pca-endpoint", pca.ready.endpoint, "--force"] + pca.arguments)
        OutputAssertions.assertFailure(refused, exitCode: 67, containing: "refused GetCertificateAuthorityCertificate: ResourceNotFoundException")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: pair.certificate)), kept)
        let missingSession = try run(
            ["rotate", "--certificate", pair.certificate, "--private-key", pair.key, "--acm-pca-arn", pca.arn, "--force"])
        OutputAssertions.assertFailure(missingSession, exitCode: 64, containing: "--acm-pca-arn needs --trust-anchor-arn")
    }

    func testBoto3ParsesThePrivateCAAnswers() throws {
        guard let python = InteropTools.python else { throw XCTSkip("python is missing") }
        let pca = try privateCASession()
        let pair = try pair("boto3-pca")
        let credentials = try run(["credential-process", "--no-cache", "--certificate", pair.certificate, "--private-key", pair.key] + pca.arguments)
        OutputAssertions.assertCredentials(credentials)
        let csr = try XCTUnwrap(String(contentsOfFile: pair.certificate.replacingOccurrences(of: ".pem", with: ".csr"), encoding: .utf8))
        let script = """
            import json, sys, boto3
            keys = json.load(sys.stdin)
            pca = boto3.client("acm-pca", endpoint_url=sys.argv[1], region_name="us-east-1", verify=sys.argv[2],
                aws_access_key_id=keys["AccessKeyId"], aws_secret_access_key=keys["SecretAccessKey"], aws_session_token=keys["SessionToken"])
            arn = sys.argv[3]
            ca = pca.get_certificate_authority_certificate(CertificateAuthorityArn=arn)["Certificate"]
            issued = pca.issue_certificate(CertificateAuthorityArn=arn, Csr=sys.argv[4].encode(), SigningAlgorithm="SHA256WITHECDSA",
                Validity={"Value": 5, "Type": "DAYS"})["CertificateArn"]
            got = pca.get_certificate(CertificateAuthorityArn=arn, CertificateArn=issued)
            serial = issued.rsplit("/", 1)[1]
            pca.revoke_certificate(CertificateAuthorityArn=arn, CertificateSerial=serial, RevocationReason="KEY_COMPROMISE")
            try:
                pca.get_certificate(CertificateAuthorityArn=arn, CertificateArn=arn + "/certificate/00")
            except pca.exceptions.ResourceNotFoundException:
                print("not found as ResourceNotFoundException")
            print(ca.startswith("-----BEGIN CERTIFICATE-----"), got["Certificate"].startswith("-----BEGIN CERTIFICATE-----"), issued.startswith(arn + "/certificate/"))
            """
        let outcome = try ProcessRunner(
            python, ["-c", script, pca.ready.endpoint, pca.ready.caBundle, pca.arn, csr], stdin: Array(credentials.stdout.utf8)
        ).run()
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stdout, "not found as ResourceNotFoundException\nTrue True True\n")
    }

    /// A key made in SoftHSM's `ra-second` token and its certificate from the test CA, by label.
    private func tokenPair(_ label: String) throws -> (certificate: String, environment: [String: String]) {
        let setup = try setup
        let environment = (try SoftHSMTokens.childEnvironment()).merging(["RA_ROTATE_PIN": SoftHSMTokens.userPIN]) { _, new in new }
        let token = ["--pkcs11-lib", SoftHSMTokens.modulePath, "--pin-env", "RA_ROTATE_PIN"]
        func cli(_ arguments: [String]) throws -> ProcessRunner.Outcome {
            let outcome = try ProcessRunner(BuiltProducts.rolesAnywhere, arguments, environment: environment, timeout: 120).run()
            XCTAssertEqual(outcome.status, 0, "\(arguments.prefix(2)): \(outcome.stderr)")
            return outcome
        }
        let key = try cli(["token", "keygen", "--token", "ra-second", "--label", label, "--key-type", "ec-p256"] + token)
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let csr = setup.files.path("\(label).csr")
        let pem = setup.files.path("\(label).pem")
        _ = try cli(["token", "csr", "--key", key, "--subject", "CN=\(label),O=rotate test", "--out", csr] + token)
        _ = try cli(["cert", "issue", "--ca-dir", setup.caDirectory, "--csr", csr, "--out", pem])
        _ = try cli(["token", "import-cert", "--token", "ra-second", "--cert", pem] + token)
        return ("pkcs11:token=ra-second;object=\(label);type=cert", environment)
    }

    /// Deletes every object labelled `label` (and `.next`, `.previous`) from `ra-second`: other tests count its objects.
    private func removeTokenObjects(_ label: String) {
        for name in [label, label + ".next", label + ".previous"] {
            for type in ["cert", "privkey", "pubkey"] {
                for _ in 0..<4 {
                    let outcome = try? ProcessRunner(
                        "/usr/bin/pkcs11-tool",
                        ["--module", SoftHSMTokens.modulePath, "--token-label", "ra-second", "--login", "--pin", SoftHSMTokens.userPIN,
                         "--delete-object", "--type", type, "--label", name],
                        environment: (try? SoftHSMTokens.childEnvironment()) ?? [:]).run()
                    if outcome?.status != 0 { break }
                }
            }
        }
    }

    private func tokenRun(_ arguments: [String], _ environment: [String: String]) throws -> ProcessRunner.Outcome {
        try ProcessRunner(BuiltProducts.rolesAnywhere, arguments, environment: environment, timeout: 120).run()
    }

    func testATokenKeyIsRenewedInsideTheTokenWithFetchesRunningBeside() throws {
        let label = "rotated-\(UUID().uuidString.prefix(6))"
        defer { removeTokenObjects(label) }
        let (certificate, environment) = try tokenPair(label)
        let token = ["--pkcs11-lib", SoftHSMTokens.modulePath, "--pin-env", "RA_ROTATE_PIN"]
        let fetchArguments = ["credential-process", "--no-cache", "--certificate", certificate] + token + (try session())
        let stop = Atomic(false)
        let failures = Mutex<[String]>([])
        let fetches = Atomic(0)
        let thread = Thread {
            while !stop.load() {
                if let outcome = try? self.tokenRun(fetchArguments, environment) {
                    fetches.add(1)
                    if outcome.status != 0 { failures.withLock { $0.append(outcome.stderr) } }
                }
            }
        }
        thread.start()
        for round in 0..<3 {
            if round > 0 { usleep(1_100_000) }  // certificates a second apart: the newer one is told by its notBefore
            let renewed = try tokenRun(
                ["rotate", "--certificate", certificate, "--ca-dir", try setup.caDirectory, "--force"] + token + (try session()), environment)
            XCTAssertEqual(renewed.status, 0, renewed.stderr)
            XCTAssertTrue(renewed.stdout.hasPrefix("renewed: serial "), renewed.stdout)
        }
        stop.store(true)
        while !thread.isFinished { usleep(10_000) }
        XCTAssertGreaterThan(fetches.load(), 2)
        XCTAssertEqual(failures.withLock { $0 }, [], "no fetch failed while the token pair was rotated")
        // One certificate, one private key, one public key under the label; the key never extractable.
        let listing = try tokenRun(["token", "list", "--token", "ra-second"] + token, environment)
        let lines = listing.stdout.split(separator: "\n").filter { $0.contains("'\(label)") }
        XCTAssertEqual(lines.count, 3, listing.stdout)
        XCTAssertTrue(lines.contains { $0.contains("private key '\(label)'") && $0.contains("sensitive; not extractable") }, listing.stdout)
        XCTAssertFalse(listing.stdout.contains("\(label).next"), listing.stdout)
    }

    func testServeAutoRenewsATokenKeyWithOneLogin() async throws {
        let label = "auto-\(UUID().uuidString.prefix(6))"
        defer { removeTokenObjects(label) }
        let (certificate, environment) = try tokenPair(label)
        let spy = "/usr/lib/x86_64-linux-gnu/pkcs11-spy.so"
        let log = try setup.files.path("auto-renew-spy-\(UUID().uuidString.prefix(6)).log")
        let command = try LongRunningCommand(
            ["serve", "--port", "0", "--certificate", certificate, "--pkcs11-lib", spy, "--pin-env", "RA_ROTATE_PIN",
             "--auto-renew", "--ca-dir", try setup.caDirectory, "--renew-before", "400"] + (try session()),
            environment: environment.merging(["PKCS11SPY": SoftHSMTokens.modulePath, "PKCS11SPY_OUTPUT": log]) { _, new in new })
        let exports = LongRunningCommand.exports(try command.lines(1))
        XCTAssertNotNil(command.stderr.range(of: #"roles-anywhere: renewed: serial [0-9]+ valid until "#, options: .regularExpression), command.stderr)
        let client = MetadataClient(endpoint: try XCTUnwrap(exports["AWS_EC2_METADATA_SERVICE_ENDPOINT"]))
        let token = try await client.token()
        let answer = try await client.credentials(token: token, role: ServeFixture.roleName)
        XCTAssertEqual(answer.status, 200, answer.body)
        XCTAssertEqual(command.stop(signal: SIGTERM).status, 0)
        let logins = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").filter { $0.hasSuffix(" C_Login") }.count
        XCTAssertEqual(logins, 1, "the renewal reused the process's login: no second PIN")
    }

    func testATokenRotationKilledAnywhereLeavesAWorkingPair() throws {
        let label = "killed-\(UUID().uuidString.prefix(6))"
        defer { removeTokenObjects(label) }
        let (certificate, environment) = try tokenPair(label)
        let token = ["--pkcs11-lib", SoftHSMTokens.modulePath, "--pin-env", "RA_ROTATE_PIN"]
        for attempt in 0..<6 {
            usleep(1_100_000)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: BuiltProducts.rolesAnywhere)
            process.arguments = ["rotate", "--certificate", certificate, "--ca-dir", try setup.caDirectory, "--force"] + token
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 0...150_000) + UInt32(attempt) * 20_000)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            OutputAssertions.assertCredentials(
                try tokenRun(["credential-process", "--no-cache", "--certificate", certificate] + token + (try session()), environment))
        }
        usleep(1_100_000)
        XCTAssertEqual(try tokenRun(["rotate", "--certificate", certificate, "--ca-dir", try setup.caDirectory, "--force"] + token, environment).status, 0)
        let listing = try tokenRun(["token", "list", "--token", "ra-second"] + token, environment)
        XCTAssertEqual(listing.stdout.split(separator: "\n").filter { $0.contains("'\(label)") }.count, 3, listing.stdout)
    }

    func testRotateRefusesWhatItCannotRenewSafely() throws {
        // A token URI with id= would name nothing after the switch (the new pair has a new id).
        let byID = try run(
            ["rotate", "--certificate", "pkcs11:token=ra-second;id=%01;object=x;type=cert", "--ca-dir", try setup.caDirectory])
        OutputAssertions.assertFailure(byID, exitCode: 65, containing: "must name the certificate by object=<label> without id=")
        // An encrypted key is not replaced by an unencrypted one.
        let pair = try pair("encrypted")
        let encrypted = pair.key + ".enc"
        let made = try ProcessRunner(
            "/usr/bin/openssl", ["pkcs8", "-topk8", "-in", pair.key, "-out", encrypted, "-v2", "aes-256-cbc", "-passout", "pass:rotate-test"]
        ).run()
        XCTAssertEqual(made.status, 0, made.stderr)
        let before = try Data(contentsOf: URL(fileURLWithPath: encrypted))
        let refused = try rotate((pair.certificate, encrypted), ["--force"])
        OutputAssertions.assertFailure(refused, exitCode: 65, containing: "is encrypted, and rotate writes new keys unencrypted")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: encrypted)), before)
    }

    func testARotationKilledAtAnyPointLeavesAWorkingPair() throws {
        let pair = try pair("killed")
        for attempt in 0..<8 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: BuiltProducts.rolesAnywhere)
            process.arguments = ["rotate", "--certificate", pair.certificate, "--private-key", pair.key, "--ca-dir", try setup.caDirectory, "--force"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 0...60_000) + UInt32(attempt) * 5_000)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            OutputAssertions.assertCredentials(try fetch(pair))
        }
        // The next run finishes or discards what a killed one left, and works.
        XCTAssertEqual(try rotate(pair, ["--force"]).status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pair.certificate + ".next"))
        OutputAssertions.assertCredentials(try fetch(pair))
    }
}

/// A small lock-protected value for the tests' threads.
private final class Mutex<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

private final class Atomic<Value>: @unchecked Sendable {
    private let box: Mutex<Value>
    init(_ value: Value) { box = Mutex(value) }
    func load() -> Value { box.withLock { $0 } }
    func store(_ value: Value) { box.withLock { $0 = value } }
}

extension Atomic where Value == Int {
    fileprivate func add(_ amount: Int) { _ = box.withLock { $0 += amount } }
}
