import Foundation

/// A private software TPM (swtpm on loopback) with one tpm2-pkcs11 token, made by
/// `scripts/tpm-setup.sh` and stopped by its PID.
///
/// Its variables (TCTI, token store) go only to the child processes a test starts, never into
/// this process: the p11-kit proxy other tests load must not see the TPM token.
public final class SoftwareTPM: Sendable {
    /// The tpm2-pkcs11 module.
    public let modulePath: String
    /// The token's label.
    public let tokenLabel: String
    /// The user PIN (a test value).
    public let userPIN: String
    /// A 0600 file holding the user PIN.
    public let pinFile: String
    /// The variables a child process needs to reach this TPM.
    public let environment: [String: String]
    /// The folder of the TPM's state, token store and variables.
    public let directory: String

    private static let script = SoftHSMTokens.packageRoot.appendingPathComponent("scripts/tpm-setup.sh").path

    /// Starts a TPM in a new folder under `parent`.
    public init(in parent: String) throws {
        directory = (parent as NSString).appendingPathComponent("tpm")
        let outcome = try ProcessRunner("/bin/bash", [Self.script, directory], timeout: 600).run()
        guard outcome.status == 0 else {
            throw TestSupportError("tpm-setup.sh failed (\(outcome.status)): \(outcome.stderr)")
        }
        let text = try String(contentsOfFile: (directory as NSString).appendingPathComponent("env"), encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count)
            guard let equals = pair.firstIndex(of: "=") else { continue }
            var value = String(pair[pair.index(after: equals)...])
            if value.hasPrefix("'") || value.hasPrefix("\"") { value = String(value.dropFirst().dropLast()) }
            values[String(pair[..<equals])] = value
        }
        guard let module = values["ROLES_ANYWHERE_TPM_MODULE"], let token = values["ROLES_ANYWHERE_TPM_TOKEN"],
            let pin = values["ROLES_ANYWHERE_TPM_PIN_FILE"]
        else { throw TestSupportError("tpm-setup.sh wrote no usable env file: \(text)") }
        modulePath = module
        tokenLabel = token
        pinFile = pin
        userPIN = try String(contentsOfFile: pin, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        environment = values.filter { !$0.key.hasPrefix("ROLES_ANYWHERE_") }
    }

    /// Runs a tpm2-tools command against this TPM (e.g. `tpm2_flushcontext -t`).
    @discardableResult
    public func tools(_ arguments: [String]) throws -> ProcessRunner.Outcome {
        try ProcessRunner("/usr/bin/env", arguments, environment: environment, timeout: 60).run()
    }

    /// Unloads the transient objects and sessions a failed or killed command left in the TPM,
    /// which holds only three of each.
    public func flushLeftovers() {
        _ = try? tools(["tpm2_flushcontext", "-t"])
        _ = try? tools(["tpm2_flushcontext", "-s"])
    }

    /// Stops the swtpm by its PID.
    public func stop() {
        _ = try? ProcessRunner("/bin/bash", [Self.script, "--stop", directory], timeout: 60).run()
    }
}
