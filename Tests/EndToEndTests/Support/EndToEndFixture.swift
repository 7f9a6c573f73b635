import Foundation
import RolesAnywhereTestSupport
import X509
import XCTest

/// One emulator and one test PKI shared by the end-to-end tests of a process.
final class EndToEndFixture: @unchecked Sendable {
    let files: TestFiles
    let root: TestCertificateAuthority
    let intermediate: TestCertificateAuthority
    let emulator: EmulatorProcess

    static let shared: Result<EndToEndFixture, any Error> = Result { try EndToEndFixture() }

    static func get() throws -> EndToEndFixture { try shared.get() }

    private init() throws {
        files = try TestFiles()
        root = try TestCertificateAuthority(name: "E2E Root CA", keyType: .p256)
        intermediate = try root.issueIntermediate(name: "E2E Intermediate CA", keyType: .p256)
        let rootPath = try files.write(root.certificatePEM, name: "root-ca.pem")
        emulator = try EmulatorProcess(arguments: ["--trust-anchor-ca", rootPath], folder: files.directory)
    }

    /// Files for a leaf: certificate, PKCS#8 key, traditional key and chain.
    struct LeafFiles {
        var certificate: String
        var key: String
        var traditionalKey: String
        var chain: String?
        var leaf: TestLeaf
    }

    func writeLeaf(_ leaf: TestLeaf, name: String) throws -> LeafFiles {
        LeafFiles(
            certificate: try files.write(leaf.certificatePEM, name: "\(name).pem"),
            key: try files.write(leaf.key.pkcs8PEM, name: "\(name).key"),
            traditionalKey: try files.write(leaf.key.traditionalPEM, name: "\(name)-traditional.key"),
            chain: leaf.chainPEM.isEmpty ? nil : try files.write(leaf.chainPEM, name: "\(name)-chain.pem"),
            leaf: leaf)
    }

    /// The session flags for the emulator's default trust anchor, profile and role.
    var sessionArguments: [String] {
        [
            "--trust-anchor-arn", emulator.ready.trustAnchorArn, "--profile-arn", emulator.ready.profileArn,
            "--role-arn", emulator.ready.roleArn, "--endpoint", emulator.ready.endpoint,
            "--ca-bundle", emulator.ready.caBundle,
        ]
    }

    /// Runs `roles-anywhere` with arguments and extra environment.
    /// The credential cache of these tests' runs (never the user's).
    var cacheHome: String { files.path("cache-home") }

    func run(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 60) throws -> ProcessRunner.Outcome {
        try ProcessRunner(
            BuiltProducts.rolesAnywhere, arguments,
            environment: ["XDG_CACHE_HOME": cacheHome].merging(environment) { _, given in given }, timeout: timeout
        ).run()
    }
}

/// Assertions on what a command printed.
enum OutputAssertions {
    /// The exact credential_process document: fields in order, ASIA key id, ISO 8601 UTC expiration.
    static let credentialProcessPattern =
        #"^\{"Version":1,"AccessKeyId":"ASIA[A-Z2-7]{16}","SecretAccessKey":"[A-Za-z0-9+/]{40}","SessionToken":"[A-Za-z0-9+/=]+","Expiration":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\}\n$"#

    static func assertCredentials(_ outcome: ProcessRunner.Outcome, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(outcome.status, 0, "stderr: \(outcome.stderr)", file: file, line: line)
        XCTAssertNotNil(
            outcome.stdout.range(of: credentialProcessPattern, options: .regularExpression),
            "stdout is not the credential_process document: \(outcome.stdout.prefix(120))", file: file, line: line)
    }

    /// A failure: the exit code, nothing on stdout, and exactly one line on stderr containing `fragment`.
    static func assertFailure(
        _ outcome: ProcessRunner.Outcome, exitCode: Int32, containing fragment: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(outcome.status, exitCode, "stderr: \(outcome.stderr)", file: file, line: line)
        XCTAssertEqual(outcome.stdout, "", "stdout must stay empty", file: file, line: line)
        let lines = outcome.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        XCTAssertEqual(lines.count, 1, "expected one line on stderr, got: \(outcome.stderr)", file: file, line: line)
        XCTAssertTrue(lines.first?.hasPrefix("roles-anywhere: ") == true, "stderr: \(outcome.stderr)", file: file, line: line)
        XCTAssertTrue(outcome.stderr.contains(fragment), "stderr lacks '\(fragment)': \(outcome.stderr)", file: file, line: line)
    }
}
