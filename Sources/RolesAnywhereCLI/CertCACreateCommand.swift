import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

/// `roles-anywhere cert ca create`: a root CA, optionally with an intermediate, in a folder.
struct CertCACreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Make a root CA (and optionally an intermediate) whose root is the trust anchor.",
        discussion: """
            Writes into --out-dir: ca.pem and ca.key (the issuing CA that `cert issue --ca-dir` uses; the key \
            mode 0600), trust-anchor.pem (the root: register it as the trust anchor's certificate bundle, \
            give it to `emulator --trust-anchor-ca` and `doctor --trust-anchor-ca`). With --intermediate the \
            root's key goes to root-ca.key (keep it offline), the intermediate becomes ca.pem/ca.key, and \
            chain.pem holds it for `--intermediates`. CA certificates are X.509 v3 with basicConstraints \
            CA:TRUE, keyUsage keyCertSign and cRLSign, and key identifiers. Prints nothing on success.
            """)

    @Option(help: "Folder for the CA files (created with mode 0700 when missing).")
    var outDir: String

    @Option(help: "Root subject, e.g. \"CN=Example Roles Anywhere CA,O=Example\" (CN, O, OU, C, ST, L).")
    var subject = "CN=roles-anywhere CA"

    @Option(help: "Days the CA is valid.")
    var days = 3650

    @Option(help: "CA key type: rsa2048, rsa3072, ec-p256 or ec-p384.")
    var keyType = CertificateKeyType.ecP256.rawValue

    @Flag(help: "Also make an intermediate CA under the root; it issues the client certificates.")
    var intermediate = false

    @Flag(help: "Replace a CA already in --out-dir.")
    var force = false

    @Option(help: .hidden)
    var now: String?

    func run() async throws {
        let maker = CertificateAuthorityMaker(
            subject: try SubjectName.parse(subject), days: days, keyType: try CertificateKeyType(parsing: keyType),
            withIntermediate: intermediate, replacesExisting: force)
        try maker.create(in: CertificateAuthorityFolder(directory: outDir), now: try CertTestClock.now(now))
    }
}
