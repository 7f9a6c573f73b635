import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

/// `roles-anywhere token csr`: a certificate signing request signed inside the token.
struct TokenCSRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csr",
        abstract: "Write a certificate signing request signed by a key inside a token.",
        discussion: """
            The CSR (PKCS #10, PEM, mode 0644) carries the subject and the key's public half and is signed by \
            the token (SHA-256 with RSA and P-256 keys, SHA-384 with P-384). Give it to `cert issue --csr` or \
            to your CA. Prints nothing on success.
            """)

    @Option(help: "The private key's pkcs11: URI (as `token keygen` printed it).")
    var key: String

    @Option(help: "Subject, e.g. \"CN=laptop,O=Example\" (CN, O, OU, C, ST, L).")
    var subject: String

    @Option(help: "Where to write the CSR (PEM).")
    var out: String

    @Flag(help: "Use the user PIN also for keys that ask for a PIN on every signature (CKA_ALWAYS_AUTHENTICATE).")
    var reusePin = false

    @OptionGroup var access: TokenAccessOptions

    func run() async throws {
        let name = try SubjectName.parse(subject)
        ModuleOutput.silence()
        let maker = TokenCSRMaker(keyURI: key, modulePath: access.pkcs11Lib, pinSource: try access.pinSource(), reusePIN: reusePin)
        try PEMFileWriter.writePublic(TokenCSRMaker.pem(maker.makeRequest(subject: name)), to: out)
    }
}
