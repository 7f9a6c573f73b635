import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

/// `roles-anywhere token import-cert`: a certificate stored on the token next to its key.
struct TokenImportCertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-cert",
        abstract: "Store a certificate on a token next to its private key; print the certificate's pkcs11: URI.",
        discussion: """
            The certificate must belong to a private key on the token (public keys compared); it is stored as \
            a CKO_CERTIFICATE (CKC_X_509) with the key's CKA_ID, so `credential-process --certificate \
            pkcs11:...;type=cert` finds the key by that id. Prints exactly one line on stdout: the \
            certificate's URI. A certificate already stored with that id is replaced only with --replace.
            """)

    @Option(help: "The token: its label, or a pkcs11: URI naming it.")
    var token: String

    @Option(help: "The certificate file (PEM or DER).")
    var cert: String

    @Option(help: "Label (CKA_LABEL) of the certificate (default: the key's label).")
    var label: String?

    @Option(help: "CKA_ID of the key, in hex (default: the id of the key the certificate belongs to).")
    var id: String?

    @Flag(help: "Replace a certificate already stored with the key's id (renewal).")
    var replace = false

    @OptionGroup var access: TokenAccessOptions

    func run() async throws {
        ModuleOutput.silence()
        let importer = TokenProvisioner(token: token, modulePath: access.pkcs11Lib, pinSource: try access.pinSource())
        print(try importer.importCertificate(path: cert, label: label, id: try id.map(ObjectID.parse), replace: replace))
    }
}
