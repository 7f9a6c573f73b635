import Foundation
import RolesAnywhereTestSupport
import XCTest

/// The emulator as a local AWS, driven by clients nobody here wrote: the AWS CLI and boto3, through
/// `Tests/Interop/test_local_aws.py`. One test per Python test class, each against its own emulator on an
/// empty `--state-dir`, so a failure points at a part (control plane, IAM, CreateSession decisions,
/// certificates, CloudTrail, persistence, concurrency). The Python side never prints a secret, so its whole
/// output is shown on failure.
final class LocalAWSTests: XCTestCase {
    private static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/test_local_aws.py").path

    func testControlPlane() throws { try runPythonTests("ControlPlaneTests") }

    func testIAM() throws { try runPythonTests("IAMTests") }

    func testCreateSessionDecisions() throws { try runPythonTests("CreateSessionDecisionTests") }

    func testCertificates() throws { try runPythonTests("CertificateTests") }

    func testCloudTrail() throws { try runPythonTests("CloudTrailTests") }

    func testPersistence() throws { try runPythonTests("PersistenceTests") }

    func testConcurrency() throws { try runPythonTests("ConcurrencyTests") }

    private func runPythonTests(_ testClass: String) throws {
        let python = try tool(InteropTools.python, "Python with boto3 and iam-rolesanywhere-session")
        let aws = try tool(InteropTools.awsCLI, "AWS CLI")
        let probe = try ProcessRunner(python, ["-c", "import boto3, botocore, iam_rolesanywhere_session"]).run()
        if probe.status != 0 {
            if InteropTools.required { XCTFail("\(python) lacks boto3 or iam-rolesanywhere-session: \(probe.stderr)") }
            throw XCTSkip("\(python) lacks boto3 or iam-rolesanywhere-session (scripts/test.sh installs them)")
        }
        let outcome = try ProcessRunner(
            python, [Self.script, testClass],
            environment: [
                "ROLES_ANYWHERE_EMULATOR": BuiltProducts.emulator,
                "ROLES_ANYWHERE_BIN": BuiltProducts.rolesAnywhere,
                "ROLES_ANYWHERE_AWS_CLI": aws,
                "PYTHONDONTWRITEBYTECODE": "1",
                "PYTHONUNBUFFERED": "1",
            ],
            timeout: 900
        ).run()
        XCTAssertEqual(
            outcome.status, 0,
            "\(testClass) in Tests/Interop/test_local_aws.py failed (status \(outcome.status)):\n\(outcome.stdout)\(outcome.stderr)")
    }

    private func tool(_ path: String?, _ name: String) throws -> String {
        if let path { return path }
        if InteropTools.required { XCTFail("\(name) is missing: run scripts/test.sh, which installs it") }
        throw XCTSkip("\(name) is not installed (scripts/test.sh installs it)")
    }
}
