import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The SoftHSM token store that PKCS#11 tests share, made by `scripts/softhsm-setup.sh`.
///
/// The script runs once per test process, the first time ``directory()`` is called, into
/// `$PKCS11_TEST_TOKEN_DIR` or else a folder of its own under the temporary directory
/// (named after the process, so concurrent test runs never rebuild each other's tokens;
/// removed when the process exits). `SOFTHSM2_CONF` is then set for the process, so every
/// module loaded afterwards in-process sees the tokens; child processes get it through
/// ``childEnvironment()``.
///
/// Tokens (see the script's header): `ra-test` with `rsa2048`, `rsa3072`, `ecp256`,
/// `ecp384`, `rsa-always`, `ec-always` (certificates on the token and in
/// `certs/<label>.pem`) and `no-cert`; `ra-second` with another `ecp256`.
public enum SoftHSMTokens {
    /// SoftHSM's PKCS#11 module.
    public static let modulePath = "/usr/lib/softhsm/libsofthsm2.so"
    /// The user PIN of every test token (a test value, not a secret).
    public static let userPIN = "1234"
    /// The security officer PIN of every test token.
    public static let soPIN = "5678"
    /// The package's root folder (this file is `Sources/RolesAnywhereTestSupport/SoftHSMTokens.swift`).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The token folder, set up on first use; call it before loading any PKCS#11 module.
    public static func directory() throws -> URL {
        try setup.get()
    }

    /// The `softhsm2.conf` that `SOFTHSM2_CONF` points at.
    public static func configurationPath() throws -> String {
        try directory().appendingPathComponent("softhsm2.conf").path
    }

    /// The PEM certificate the setup script wrote for `name` (`rsa2048`, `ra-second-ecp256`, ...).
    public static func certificatePath(_ name: String) throws -> String {
        try directory().appendingPathComponent("certs/\(name).pem").path
    }

    /// Environment for a child process that should see the test tokens.
    public static func childEnvironment() throws -> [String: String] {
        ["SOFTHSM2_CONF": try configurationPath()]
    }

    /// A failure to build the token store.
    public struct SetupError: Error, CustomStringConvertible {
        /// What went wrong, with the script's error output.
        public var message: String
        public var description: String { message }

        /// Creates an error with its message.
        public init(message: String) {
            self.message = message
        }
    }

    /// The folder to delete at exit, when this process created its own.
    nonisolated(unsafe) private static var ownedFolder: String?

    private static let setup: Result<URL, any Error> = Result {
        let override = ProcessInfo.processInfo.environment["PKCS11_TEST_TOKEN_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        let path = override
            ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("roles-anywhere-softhsm-\(getpid())").path
        let directory = URL(fileURLWithPath: path)
        let script = packageRoot.appendingPathComponent("scripts/softhsm-setup.sh").path
        let outcome = try ProcessRunner("/bin/bash", [script, directory.path], timeout: 300).run()
        guard outcome.status == 0 else {
            throw SetupError(message: "softhsm-setup.sh failed (\(outcome.status)): \(outcome.stderr)")
        }
        if override == nil {
            ownedFolder = directory.path
            atexit { SoftHSMTokens.removeOwnedFolder() }
        }
        setenv("SOFTHSM2_CONF", directory.appendingPathComponent("softhsm2.conf").path, 1)
        return directory
    }

    private static func removeOwnedFolder() {
        if let ownedFolder {
            try? FileManager.default.removeItem(atPath: ownedFolder)
        }
    }
}
