import Foundation
import RolesAnywhereTestSupport
import XCTest

/// A private SoftHSM store with one token, `ra-tools`, for the certificate, token and doctor
/// tests (kept apart from the shared test tokens, whose objects other tests count), a CA made
/// by `cert ca create --intermediate`, and an emulator trusting that CA's root.
final class ToolsFixture: @unchecked Sendable {
    static let token = "ra-tools"
    /// The token's user PIN (a test value, chosen so it cannot appear by chance in output).
    static let pin = "tools-test-pin-7"
    /// The environment variable the tests put the PIN in.
    static let pinVariable = "RA_TOOLS_PIN"
    static let module = SoftHSMTokens.modulePath

    let files: TestFiles
    let configurationPath: String
    let caDirectory: String
    let emulator: EmulatorProcess

    static let shared: Result<ToolsFixture, any Error> = Result { try ToolsFixture() }

    static func get() throws -> ToolsFixture { try shared.get() }

    private init() throws {
        files = try TestFiles()
        let tokens = files.path("softhsm/tokens")
        try FileManager.default.createDirectory(atPath: tokens, withIntermediateDirectories: true)
        let template = try String(
            contentsOf: SoftHSMTokens.packageRoot.appendingPathComponent("hsm-config/softhsm2.conf.template"), encoding: .utf8)
        configurationPath = try files.write(template.replacingOccurrences(of: "@TOKENDIR@", with: tokens), name: "softhsm/softhsm2.conf")
        let initialized = try ProcessRunner(
            "/usr/bin/softhsm2-util",
            ["--init-token", "--free", "--label", Self.token, "--pin", Self.pin, "--so-pin", SoftHSMTokens.soPIN],
            environment: ["SOFTHSM2_CONF": configurationPath]
        ).run()
        guard initialized.status == 0 else { throw TestSupportError("softhsm2-util --init-token failed: \(initialized.stderr)") }
        caDirectory = files.path("ca")
        let ca = try ProcessRunner(
            BuiltProducts.rolesAnywhere,
            ["cert", "ca", "create", "--out-dir", caDirectory, "--intermediate", "--subject", "CN=Tools Test Root,O=roles-anywhere test"]
        ).run()
        guard ca.status == 0 else { throw TestSupportError("cert ca create failed: \(ca.stderr)") }
        emulator = try EmulatorProcess(
            arguments: ["--trust-anchor-ca", caDirectory + "/trust-anchor.pem"], folder: files.directory)
    }

    /// The environment of child processes: this store, the PIN variable, a private cache.
    var environment: [String: String] {
        ["SOFTHSM2_CONF": configurationPath, Self.pinVariable: Self.pin, "XDG_CACHE_HOME": files.path("cache")]
    }

    /// Runs `roles-anywhere` with this store.
    func run(_ arguments: [String], environment extra: [String: String] = [:], timeout: TimeInterval = 120) throws -> ProcessRunner.Outcome {
        try ProcessRunner(
            BuiltProducts.rolesAnywhere, arguments, environment: environment.merging(extra) { _, new in new }, timeout: timeout
        ).run()
    }

    /// The flags that reach the token with the right PIN.
    var tokenFlags: [String] { ["--pkcs11-lib", Self.module, "--pin-env", Self.pinVariable] }

    /// The session flags for the emulator's trust anchor, profile and role.
    var sessionFlags: [String] {
        [
            "--trust-anchor-arn", emulator.ready.trustAnchorArn, "--profile-arn", emulator.ready.profileArn,
            "--role-arn", emulator.ready.roleArn, "--endpoint", emulator.ready.endpoint, "--ca-bundle", emulator.ready.caBundle,
        ]
    }

    var trustAnchorPath: String { caDirectory + "/trust-anchor.pem" }
    var chainPath: String { caDirectory + "/chain.pem" }

    /// A key born in the token with a certificate from the fixture's CA stored next to it.
    struct Identity {
        var keyURI: String
        var certificatePath: String
        var certificateURI: String
    }

    /// Runs keygen, csr, issue (with `issueArguments`, e.g. `--now`) and import-cert for `label`.
    func makeIdentity(
        label: String, keyType: String = "ec-p256", caDirectory: String? = nil, issueArguments: [String] = [],
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> Identity {
        let keygen = try run(["token", "keygen", "--token", Self.token, "--label", label, "--key-type", keyType] + tokenFlags)
        XCTAssertEqual(keygen.status, 0, keygen.stderr, file: file, line: line)
        let keyURI = keygen.stdout.trimmingCharacters(in: .newlines)
        let csr = files.path("\(label).csr")
        let request = try run(["token", "csr", "--key", keyURI, "--subject", "CN=\(label),O=roles-anywhere test", "--out", csr] + tokenFlags)
        XCTAssertEqual(request.status, 0, request.stderr, file: file, line: line)
        let certificate = files.path("\(label).pem")
        let issue = try run(["cert", "issue", "--ca-dir", caDirectory ?? self.caDirectory, "--csr", csr, "--out", certificate] + issueArguments)
        XCTAssertEqual(issue.status, 0, issue.stderr, file: file, line: line)
        let stored = try run(["token", "import-cert", "--token", Self.token, "--cert", certificate] + tokenFlags)
        XCTAssertEqual(stored.status, 0, stored.stderr, file: file, line: line)
        return Identity(keyURI: keyURI, certificatePath: certificate, certificateURI: stored.stdout.trimmingCharacters(in: .newlines))
    }
}
