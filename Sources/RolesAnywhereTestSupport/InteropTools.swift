import Foundation

/// The real AWS clients the end-to-end tests drive: Python with `iam-rolesanywhere-session`
/// and boto3, and the AWS CLI. `scripts/test.sh` installs them and sets the variables.
public enum InteropTools {
    /// The Python interpreter with the interop packages, or nil.
    public static var python: String? { tool("ROLES_ANYWHERE_PYTHON", fallback: "/usr/bin/python3") }

    /// The `aws` CLI, or nil.
    public static var awsCLI: String? { tool("ROLES_ANYWHERE_AWS_CLI", fallback: nil) }

    /// True when `scripts/test.sh` runs the suite: missing tools then fail tests instead of skipping them.
    public static var required: Bool { ProcessInfo.processInfo.environment["ROLES_ANYWHERE_REQUIRE_INTEROP"] == "1" }

    private static func tool(_ variable: String, fallback: String?) -> String? {
        if let path = ProcessInfo.processInfo.environment[variable], FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        if let fallback, FileManager.default.isExecutableFile(atPath: fallback) { return fallback }
        return nil
    }
}
