import ArgumentParser
import RolesAnywhere

/// Where the certificate and private key come from.
struct KeyOptions: ParsableArguments {
    @Option(help: "Certificate: a PEM/DER file, a combined PEM with the key, or a PKCS#12 bundle.")
    var certificate: String

    @Option(help: "Private key file (PEM PKCS#1, SEC1, PKCS#8, encrypted PKCS#8). Omit when --certificate holds the key.")
    var privateKey: String?

    @Option(help: "PEM bundle of intermediate certificates, sent as X-Amz-X509-Chain (leaf excluded).")
    var intermediates: String?

    @Option(help: "Password of an encrypted key (visible to other users: prefer --password-env).")
    var pkcs8Password: String?

    @Option(help: "Name of an environment variable holding the key's password.")
    var passwordEnv: String?

    /// The password source: the flag, the variable, else a prompt on /dev/tty.
    var passwordSource: KeyPasswordSource {
        if let pkcs8Password { return .literal(pkcs8Password) }
        if let passwordEnv { return .environment(passwordEnv) }
        return .prompt
    }

    /// The signing backend for these options.
    func makeBackend() -> any SigningBackend {
        FileKeyBackend(
            certificatePath: certificate,
            privateKeyPath: privateKey,
            intermediatesPath: intermediates,
            passwordSource: passwordSource)
    }
}
