import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

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

    @Option(help: ArgumentHelp(
        "Ask PINs and passwords through a GnuPG pinentry program (default: the first installed), not the terminal.",
        valueName: "program"))
    var pinentry: String?

    /// The parsed values.
    var settings: KeySettings {
        KeySettings(
            certificate: certificate, privateKey: privateKey, intermediates: intermediates, pkcs8Password: pkcs8Password,
            passwordEnv: passwordEnv, pkcs11Lib: pkcs11Lib, reusePin: reusePin, pinEnv: pinEnv, pinCommand: pinCommand)
    }

    var passwordSource: KeyPasswordSource { settings.passwordSource }
    var usesToken: Bool { settings.usesToken }
    func makeBackend() throws -> any SigningBackend { try settings.makeBackend() }
}
