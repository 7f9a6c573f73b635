import Foundation
import RolesAnywhereTestSupport
import XCTest

/// Clients nobody here wrote, against our emulator and our `credential-process`:
/// AWS's Python `iam-rolesanywhere-session` with boto3, and the AWS CLI.
final class InteropTests: XCTestCase {
    private func tool(_ path: String?, _ name: String) throws -> String {
        if let path { return path }
        if InteropTools.required { XCTFail("\(name) is missing: run scripts/test.sh, which installs it") }
        throw XCTSkip("\(name) is not installed (scripts/test.sh installs it)")
    }

    private var fetchScript: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/lib/python_session_fetch.py").path
    }

    func testPythonClientGetsCredentialsAndBoto3CallsGetCallerIdentity() throws {
        let python = try tool(InteropTools.python, "Python with iam-rolesanywhere-session")
        let fixture = try EndToEndFixture.get()
        for (keyType, name) in [(TestKeyType.rsa2048, "python-rsa"), (.p256, "python-ec")] {
            let files = try fixture.writeLeaf(try fixture.root.issueLeaf(LeafOptions(commonName: name, keyType: keyType)), name: name)
            let ready = fixture.emulator.ready
            let outcome = try ProcessRunner(
                python,
                [fetchScript, "--endpoint", ready.endpoint, "--ca-bundle", ready.caBundle, "--certificate", files.certificate,
                 "--private-key", files.key, "--trust-anchor-arn", ready.trustAnchorArn, "--profile-arn", ready.profileArn,
                 "--role-arn", ready.roleArn, "--sts-endpoint", ready.endpoint]
            ).run()
            XCTAssertEqual(outcome.status, 0, "\(name): \(outcome.stderr)")
            XCTAssertTrue(outcome.stdout.contains("\"AccessKeyId\": \"ASIA"), outcome.stdout)
            let serialHex = files.leaf.certificate.serialNumber.bytes.map { String(format: "%02x", $0) }.joined()
            XCTAssertTrue(
                outcome.stderr.contains("\"Arn\": \"arn:aws:sts::123456789012:assumed-role/roles-anywhere-demo/\(serialHex)\""),
                "GetCallerIdentity through boto3: \(outcome.stderr)")
        }
    }

    func testAWSCLIGetsCredentialsThroughCredentialProcessProfile() throws {
        let aws = try tool(InteropTools.awsCLI, "AWS CLI")
        let fixture = try EndToEndFixture.get()
        let files = try fixture.writeLeaf(try fixture.root.issueLeaf(LeafOptions(commonName: "aws-cli", keyType: .p384)), name: "aws-cli")
        let command = ([BuiltProducts.rolesAnywhere, "credential-process", "--certificate", files.certificate,
                        "--private-key", files.key, "--role-session-name", "cli-session"] + fixture.sessionArguments)
            .map { "'\($0)'" }.joined(separator: " ")
        let config = try fixture.files.write(
            "[profile ra]\nregion = us-east-1\ncredential_process = \(command)\n", name: "aws-config-\(UUID().uuidString.prefix(6))")
        let outcome = try ProcessRunner(
            aws, ["sts", "get-caller-identity", "--profile", "ra", "--endpoint-url", fixture.emulator.ready.endpoint, "--output", "json"],
            environment: [
                "AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": fixture.files.path("no-credentials"),
                "AWS_CA_BUNDLE": fixture.emulator.ready.caBundle, "XDG_CACHE_HOME": fixture.cacheHome,
            ]
        ).run()
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let identity = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(identity?["Arn"] as? String, "arn:aws:sts::123456789012:assumed-role/roles-anywhere-demo/cli-session")
        XCTAssertEqual(identity?["Account"] as? String, "123456789012")
    }
}
