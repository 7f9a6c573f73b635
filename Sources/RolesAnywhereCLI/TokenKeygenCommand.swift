import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

/// `roles-anywhere token keygen`: a key pair generated inside a token.
struct TokenKeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Generate a key pair inside a token; print the private key's pkcs11: URI.",
        discussion: """
            The private key is a private token object with CKA_SENSITIVE true and CKA_EXTRACTABLE false, for \
            signing only: it never leaves the token. The public key is kept on the token with the same label \
            and CKA_ID. Prints exactly one line on stdout: the private key's URI, for `token csr --key`. \
            An existing object with the same label or id is never overwritten.
            """)

    @Option(help: "The token: its label, or a pkcs11: URI naming it.")
    var token: String

    @Option(help: "Label (CKA_LABEL) of the new keys.")
    var label: String

    @Option(help: "CKA_ID in hex, e.g. 01 (default: 8 random bytes).")
    var id: String?

    @Option(help: "Key type: rsa2048, rsa3072, ec-p256 or ec-p384.")
    var keyType: String

    @OptionGroup var access: TokenAccessOptions

    func run() async throws {
        ModuleOutput.silence()
        let generator = TokenProvisioner(token: token, modulePath: access.pkcs11Lib, pinSource: try access.pinSource())
        print(try generator.generateKeyPair(label: label, id: try id.map(ObjectID.parse), keyType: try CertificateKeyType(parsing: keyType)))
    }
}
