import Foundation
import RolesAnywhereTestSupport
import XCTest

/// Helpers shared by the `serve` and `update` end-to-end tests.
enum ServeFixture {
    /// The role name `serve` lists: the last part of the emulator's role ARN.
    static let roleName = "roles-anywhere-demo"

    /// The AWS CLI, or a skip (a failure under `scripts/test.sh`).
    static func awsCLI() throws -> String {
        if let path = InteropTools.awsCLI { return path }
        if InteropTools.required { XCTFail("the AWS CLI is missing: run scripts/test.sh, which installs it") }
        throw XCTSkip("the AWS CLI is not installed (scripts/test.sh installs it)")
    }

    /// Certificate and key of a new leaf of the fixture's root (`--certificate`, `--private-key`).
    static func keyArguments(_ fixture: EndToEndFixture, name: String) throws -> [String] {
        let files = try fixture.writeLeaf(try fixture.root.issueLeaf(LeafOptions(commonName: name)), name: name)
        return ["--certificate", files.certificate, "--private-key", files.key]
    }

    /// The fixture's session flags with the endpoint and CA bundle of `server` instead of the emulator's.
    static func sessionArguments(_ fixture: EndToEndFixture, server: FaultServer) -> [String] {
        var session = fixture.sessionArguments
        session[session.firstIndex(of: "--endpoint")! + 1] = server.endpoint
        session[session.firstIndex(of: "--ca-bundle")! + 1] = server.caBundlePath
        return session
    }

    /// `aws sts get-caller-identity` against the emulator, with no credentials but what
    /// `environment` points at (empty config and credentials files unless given); returns the ARN.
    static func callerARN(
        _ fixture: EndToEndFixture, environment: [String: String], arguments: [String] = [],
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> String? {
        let aws = try awsCLI()
        let empty = try fixture.files.write("", name: "empty-\(UUID().uuidString.prefix(8))")
        let base = ["AWS_CONFIG_FILE": empty, "AWS_SHARED_CREDENTIALS_FILE": empty, "AWS_CA_BUNDLE": fixture.emulator.ready.caBundle]
        let outcome = try ProcessRunner(
            aws,
            ["sts", "get-caller-identity", "--endpoint-url", fixture.emulator.ready.endpoint, "--region", "us-east-1", "--output", "json"]
                + arguments,
            environment: base.merging(environment) { _, new in new }, timeout: 60
        ).run()
        XCTAssertEqual(outcome.status, 0, outcome.stderr, file: file, line: line)
        let identity = try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        return identity?["Arn"] as? String
    }
}
