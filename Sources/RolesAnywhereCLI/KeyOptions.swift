import ArgumentParser
import RolesAnywhere

/// Where the certificate and private key come from: files, or a PKCS#11 token (`pkcs11:` URIs).
struct KeyOptions: ParsableArguments {
    @Option(help: "Certificate: a PEM/DER file, a combined PEM with the key, a PKCS#12 bundle, or a pkcs11: URI.")
    var certificate: String

    @Option(help: """
        Private key: a file (PEM PKCS#1, SEC1, PKCS#8, encrypted PKCS#8) or a pkcs11: URI. \
        Omit when --certificate holds the key, or names a token certificate whose key has the same CKA_ID.
        """)
    var privateKey: String?

    @Option(help: "PEM bundle of intermediate certificates, sent as X-Amz-X509-Chain (leaf excluded).")
    var intermediates: String?

    @Option(help: "Password of an encrypted key (visible to other users: prefer --password-env).")
    var pkcs8Password: String?

    @Option(help: "Name of an environment variable holding the key's password.")
    var passwordEnv: String?

    @Option(help: "PKCS#11 module for pkcs11: URIs (default: p11-kit's proxy, which sees every registered module).")
    var pkcs11Lib: String?

    @Flag(help: "Use the token's user PIN also for keys that ask for a PIN on every signature (CKA_ALWAYS_AUTHENTICATE).")
    var reusePin = false

    @Option(help: "Name of an environment variable holding the token's user PIN.")
    var pinEnv: String?

    @Option(help: "Command printing the token's user PIN on stdout (run with /bin/sh -c, askpass style).")
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

    /// The signing backend for these options: PKCS#11 when a value starts with `pkcs11:`, else files.
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
        return PKCS11Backend(PKCS11BackendConfiguration(
            certificate: certificate,
            privateKey: privateKey,
            intermediatesPath: intermediates,
            modulePath: pkcs11Lib,
            pinSource: try Self.pinSource(environment: pinEnv, command: pinCommand),
            reusePIN: reusePin,
            warn: { StandardError.write("roles-anywhere: WARNING: \($0)") }))
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
