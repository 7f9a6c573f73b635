import RolesAnywhere
import RolesAnywhereTools

/// Where the certificate and private key come from, as plain values: filled by ArgumentParser
/// (``KeyOptions``) or by the credential-process fast path (``CredentialProcessInvocation``).
struct KeySettings {
    var certificate = ""
    var privateKey: String?
    var intermediates: String?
    var pkcs8Password: String?
    var passwordEnv: String?
    var pkcs11Lib: String?
    var reusePin = false
    var pinEnv: String?
    var pinCommand: String?

    /// The password source: the flag, the variable, else a prompt on /dev/tty.
    var passwordSource: KeyPasswordSource {
        if let pkcs8Password { return .literal(pkcs8Password) }
        if let passwordEnv { return .environment(passwordEnv) }
        return .prompt
    }

    /// Whether the certificate or key is on a PKCS#11 token.
    var usesToken: Bool {
        PKCS11BackendConfiguration.isTokenURI(certificate) || privateKey.map(PKCS11BackendConfiguration.isTokenURI) == true
    }

    /// The signing backend: PKCS#11 when a value starts with `pkcs11:`, else files.
    func makeBackend() throws -> any SigningBackend {
        guard usesToken else {
            if pkcs11Lib != nil || reusePin || pinEnv != nil || pinCommand != nil {
                throw RolesAnywhereError(
                    .invalidArgument,
                    "--pkcs11-lib, --reuse-pin, --pin-env and --pin-command apply to pkcs11: URIs only; --certificate and --private-key name files")
            }
            return FileKeyBackend(
                certificatePath: certificate,
                privateKeyPath: privateKey,
                intermediatesPath: intermediates,
                passwordSource: passwordSource)
        }
        ModuleOutput.silence()
        return PKCS11Backend(PKCS11BackendConfiguration(
            certificate: certificate,
            privateKey: privateKey,
            intermediatesPath: intermediates,
            modulePath: pkcs11Lib,
            pinSource: try Self.pinSource(environment: pinEnv, command: pinCommand),
            reusePIN: reusePin,
            warn: { StandardError.write("roles-anywhere: WARNING: \($0.commandLineText)") }))
    }

    /// The PIN source the PIN flags name, or nil to use the URI's or a prompt.
    static func pinSource(environment: String?, command: String?) throws(RolesAnywhereError) -> PINSource? {
        switch (environment, command) {
        case (nil, nil): return nil
        case (let name?, nil): return .environment(name)
        case (nil, let command?): return .command(command)
        default: throw RolesAnywhereError(.invalidArgument, "give either --pin-env or --pin-command, not both")
        }
    }
}
