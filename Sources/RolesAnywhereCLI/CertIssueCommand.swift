import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

/// `roles-anywhere cert issue`: a client certificate for a CSR, signed by the CA in a folder.
struct CertIssueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Issue a client certificate for a CSR with the CA of `cert ca create`.",
        discussion: """
            The CSR's signature is checked first (it proves the requester holds the key). The certificate is \
            X.509 v3 with the CSR's subject and key, a random 159-bit serial, basicConstraints CA:FALSE, \
            keyUsage digitalSignature, extendedKeyUsage clientAuth, and subject and authority key identifiers. \
            It is written as PEM (mode 0644). Prints nothing on success.
            """)

    @Option(help: "Folder of the CA (ca.pem and ca.key), as `cert ca create --out-dir` made it.")
    var caDir: String

    @Option(help: "Certificate signing request, PEM or DER (e.g. from `token csr`).")
    var csr: String

    @Option(help: "Where to write the certificate (PEM).")
    var out: String

    @Option(help: "Days the certificate is valid.")
    var days = 365

    @Option(help: "Name of an environment variable holding the password of an encrypted ca.key.")
    var passwordEnv: String?

    @Option(help: .hidden)
    var now: String?

    func run() async throws {
        let time = try CertTestClock.now(now)
        let request = try CertificateRequestFile.read(csr)
        let authority = try CertificateAuthority(
            folder: CertificateAuthorityFolder(directory: caDir), passwordSource: passwordEnv.map { .environment($0) } ?? .prompt)
        let certificate = try ClientCertificateIssuer(authority: authority).issue(request, days: days, now: time)
        try PEMFileWriter.writePublic(ClientCertificateIssuer.pem(certificate), to: out)
    }
}
