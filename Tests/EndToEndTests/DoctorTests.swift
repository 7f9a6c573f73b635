import Crypto
import Foundation
import RolesAnywhereTestSupport
import X509
import XCTest

/// `roles-anywhere doctor` through the built binary: a healthy token setup passes every check,
/// and each broken setup fails exactly the check that names the broken part, with its fix.
final class DoctorTests: XCTestCase {
    /// A key and certificate in the token, a second key without certificate, and certificates
    /// for the first key from an expired window and from a CA the trust anchor does not hold.
    private struct Setup {
        var fixture: ToolsFixture
        var identity: ToolsFixture.Identity
        var otherKeyURI: String
        var expiredCertificate: String
        var expiredTrustAnchor: String
        var foreignCertificate: String
    }

    private static let setup: Result<Setup, any Error> = Result {
        let fixture = try ToolsFixture.get()
        let identity = try fixture.makeIdentity(label: "doctor-ok")
        let other = try fixture.run(
            ["token", "keygen", "--token", ToolsFixture.token, "--label", "doctor-other", "--key-type", "ec-p256"] + fixture.tokenFlags)
        guard other.status == 0 else { throw TestSupportError("keygen failed: \(other.stderr)") }
        let csr = fixture.files.path("doctor-ok.csr")
        let oldCA = fixture.files.path("doctor-old-ca")
        let foreignCA = fixture.files.path("doctor-foreign-ca")
        let past = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-400 * 86_400))
        let steps: [[String]] = [
            ["cert", "ca", "create", "--out-dir", oldCA, "--now", past],
            ["cert", "issue", "--ca-dir", oldCA, "--csr", csr, "--out", fixture.files.path("doctor-expired.pem"), "--days", "30", "--now", past],
            ["cert", "ca", "create", "--out-dir", foreignCA, "--subject", "CN=Foreign CA"],
            ["cert", "issue", "--ca-dir", foreignCA, "--csr", csr, "--out", fixture.files.path("doctor-foreign.pem")],
        ]
        for step in steps {
            let outcome = try fixture.run(step)
            guard outcome.status == 0 else { throw TestSupportError("\(step.prefix(3)) failed: \(outcome.stderr)") }
        }
        return Setup(
            fixture: fixture, identity: identity, otherKeyURI: other.stdout.trimmingCharacters(in: .newlines),
            expiredCertificate: fixture.files.path("doctor-expired.pem"), expiredTrustAnchor: oldCA + "/trust-anchor.pem",
            foreignCertificate: fixture.files.path("doctor-foreign.pem"))
    }

    private static let checks = [
        "module", "token", "pin", "key", "certificate", "key-match", "validity", "usage", "chain", "arns", "endpoint", "clock",
        "create-session",
    ]

    /// The doctor with the healthy setup's flags, `changes` replacing flags of the same name
    /// (an empty value drops the flag).
    private func doctor(_ changes: [String: String] = [:], environment: [String: String] = [:]) throws -> ProcessRunner.Outcome {
        let setup = try Self.setup.get()
        var flags: [(String, String)] = [
            ("--certificate", setup.identity.certificateURI), ("--intermediates", setup.fixture.chainPath),
            ("--pkcs11-lib", ToolsFixture.module), ("--pin-env", ToolsFixture.pinVariable),
            ("--trust-anchor-ca", setup.fixture.trustAnchorPath),
        ]
        let session = setup.fixture.sessionFlags
        for index in stride(from: 0, to: session.count, by: 2) { flags.append((session[index], session[index + 1])) }
        var arguments = ["doctor"]
        for (name, value) in flags where changes[name] != "" { arguments += [name, changes[name] ?? value] }
        for (name, value) in changes where !value.isEmpty && !flags.contains(where: { $0.0 == name }) { arguments += [name, value] }
        return try setup.fixture.run(arguments, environment: environment)
    }

    private func lines(_ outcome: ProcessRunner.Outcome) -> [String] {
        outcome.stdout.split(separator: "\n").map(String.init)
    }

    /// Exactly one FAIL, on `check`, with a fix containing `hint`; everything else ok or skip.
    private func assertOnlyFailure(
        _ outcome: ProcessRunner.Outcome, check: String, containing fragments: [String], file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(outcome.status, 12, "stdout: \(outcome.stdout) stderr: \(outcome.stderr)", file: file, line: line)
        XCTAssertEqual(outcome.stderr, "", file: file, line: line)
        let printed = lines(outcome)
        XCTAssertEqual(printed.map { String($0.dropFirst(5).prefix { $0 != ":" }) }, Self.checks, outcome.stdout, file: file, line: line)
        let failures = printed.filter { $0.hasPrefix("FAIL ") }
        XCTAssertEqual(failures.count, 1, outcome.stdout, file: file, line: line)
        let failure = failures.first ?? ""
        XCTAssertTrue(failure.hasPrefix("FAIL \(check): "), outcome.stdout, file: file, line: line)
        XCTAssertTrue(failure.contains(" - "), "no fix in: \(failure)", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(failure.contains(fragment), "'\(fragment)' missing in: \(failure)", file: file, line: line)
        }
        XCTAssertEqual(printed.last, "skip create-session: fix the failures above first", file: file, line: line)
        XCTAssertFalse(outcome.stdout.contains(ToolsFixture.pin), "the PIN leaked", file: file, line: line)
    }

    func testAHealthySetupPassesEveryCheck() throws {
        let outcome = try doctor()
        XCTAssertEqual(outcome.status, 0, outcome.stdout + outcome.stderr)
        XCTAssertEqual(outcome.stderr, "")
        let printed = lines(outcome)
        XCTAssertEqual(printed.count, Self.checks.count, outcome.stdout)
        for (line, check) in zip(printed, Self.checks) {
            XCTAssertTrue(line.hasPrefix("ok   \(check): "), line)
        }
        XCTAssertTrue(outcome.stdout.contains("ok   pin: accepted by token 'ra-tools' (PIN from the environment variable RA_TOOLS_PIN); retry flags: none"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("(EC P-256, sensitive, not extractable)"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("ok   validity: valid until "), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("ok   chain: CN=doctor-ok,O=roles-anywhere test <- CN=Tools Test Root Intermediate,O=roles-anywhere test <- CN=Tools Test Root,O=roles-anywhere test"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("ok   create-session: the service issued credentials for arn:aws:sts::123456789012:assumed-role/roles-anywhere-demo/"), outcome.stdout)
        XCTAssertFalse(outcome.stdout.contains(ToolsFixture.pin))
        XCTAssertFalse(outcome.stdout.contains("ASIA"), "no credential is printed")
    }

    func testAHealthyFileKeySetupSkipsOnlyTheTokenChecks() throws {
        let setup = try Self.setup.get()
        let fixture = setup.fixture
        let key = P256.Signing.PrivateKey()
        let keyPath = try fixture.files.write(key.pemRepresentation, name: "doctor-file.key")
        let request = try CertificateSigningRequest(
            version: .v1, subject: try DistinguishedName { CommonName("doctor-file") }, privateKey: .init(key), attributes: .init(),
            signatureAlgorithm: .ecdsaWithSHA256)
        let csr = try fixture.files.write(try request.serializeAsPEM().pemString, name: "doctor-file.csr")
        let certificate = fixture.files.path("doctor-file.pem")
        let issued = try fixture.run(["cert", "issue", "--ca-dir", fixture.caDirectory, "--csr", csr, "--out", certificate])
        XCTAssertEqual(issued.status, 0, issued.stderr)
        let outcome = try fixture.run(
            ["doctor", "--certificate", certificate, "--private-key", keyPath, "--intermediates", fixture.chainPath,
             "--trust-anchor-ca", fixture.trustAnchorPath] + fixture.sessionFlags)
        XCTAssertEqual(outcome.status, 0, outcome.stdout + outcome.stderr)
        let printed = lines(outcome)
        XCTAssertEqual(Array(printed.prefix(3)), Self.checks.prefix(3).map { "skip \($0): the key is a file, not on a token" })
        XCTAssertEqual(printed.dropFirst(3).filter { !$0.hasPrefix("ok   ") }, [], outcome.stdout)
    }

    func testAWrongPINFailsThePINCheckWithTheRetryFlags() throws {
        let outcome = try doctor(environment: [ToolsFixture.pinVariable: "wrong-pin-93"])
        assertOnlyFailure(outcome, check: "pin", containing: ["is wrong (C_Login: CKR_PIN_INCORRECT)", "retry flags:", "give the right PIN"])
        XCTAssertFalse(outcome.stdout.contains("wrong-pin-93"))
        XCTAssertTrue(outcome.stdout.contains("skip key: needs a passing pin check"), outcome.stdout)
        XCTAssertEqual(try doctor().status, 0, "a right PIN clears the retry counter")
    }

    func testAMissingTokenFailsTheTokenCheck() throws {
        let outcome = try doctor(["--certificate": "pkcs11:token=ra-missing;object=doctor-ok;type=cert"])
        assertOnlyFailure(outcome, check: "token", containing: ["no token matches", "present: 'ra-tools'", "insert the token"])
    }

    func testAKeyOfAnotherCertificateFailsTheKeyMatchCheck() throws {
        let setup = try Self.setup.get()
        let outcome = try doctor(["--certificate": setup.identity.certificatePath, "--private-key": setup.otherKeyURI])
        assertOnlyFailure(
            outcome, check: "key-match", containing: ["does not belong to the certificate CN=doctor-ok", "give the key the certificate was issued for"])
    }

    func testAnExpiredCertificateFailsTheValidityCheck() throws {
        let setup = try Self.setup.get()
        let outcome = try doctor([
            "--certificate": setup.expiredCertificate, "--private-key": setup.identity.keyURI,
            "--trust-anchor-ca": setup.expiredTrustAnchor, "--intermediates": "",
        ])
        assertOnlyFailure(outcome, check: "validity", containing: ["the certificate expired on ", "370 days ago", "cert issue"])
        XCTAssertTrue(outcome.stdout.contains("ok   chain: "), outcome.stdout)
    }

    func testACertificateFromAnUnknownCAFailsTheChainCheck() throws {
        let setup = try Self.setup.get()
        let outcome = try doctor([
            "--certificate": setup.foreignCertificate, "--private-key": setup.identity.keyURI, "--intermediates": "",
        ])
        assertOnlyFailure(
            outcome, check: "chain",
            containing: ["chains up to CN=Foreign CA, which is not a CA in", "register the CA CN=Foreign CA as the trust anchor"])
    }

    func testABadARNFailsTheARNCheck() throws {
        let setup = try Self.setup.get()
        let outcome = try doctor(["--profile-arn": setup.fixture.emulator.ready.roleArn])
        assertOnlyFailure(outcome, check: "arns", containing: ["--profile-arn", "is not a valid ARN", "copy the ARNs"])
    }

    func testAnUnreachableEndpointFailsTheEndpointCheck() throws {
        let outcome = try doctor(["--endpoint": "https://127.0.0.1:1", "--connect-timeout": "2"])
        assertOnlyFailure(outcome, check: "endpoint", containing: ["cannot connect to https://127.0.0.1:1", "check --endpoint"])
        XCTAssertTrue(outcome.stdout.contains("skip clock: needs a passing endpoint check"), outcome.stdout)
    }

    func testASkewedClockFailsTheClockCheck() async throws {
        let setup = try Self.setup.get()
        let server = try await DateHeaderServer(date: Self.httpDate(Date().addingTimeInterval(-600)), folder: setup.fixture.files.directory)
        let outcome = try doctor(["--endpoint": server.endpoint, "--ca-bundle": server.caBundlePath])
        await server.stop()
        assertOnlyFailure(outcome, check: "clock", containing: ["this machine's clock is 10 min", "ahead of the endpoint's", "NTP"])
        XCTAssertTrue(outcome.stdout.contains("ok   endpoint: \(server.endpoint) answered over TLS (HTTP 404"), outcome.stdout)
    }

    private static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
