import ArgumentParser
import RolesAnywhere

/// `roles-anywhere read-certificate-data`: prints facts about the certificate as JSON.
struct ReadCertificateDataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read-certificate-data",
        abstract: "Print the certificate's key type, DER (base64), decimal serial, subject, issuer and expiry as JSON.")

    @Option(help: "Certificate: a PEM/DER file, a combined PEM, or a PKCS#12 bundle.")
    var certificate: String

    @Option(help: "Password of a PKCS#12 bundle (prefer --password-env).")
    var pkcs8Password: String?

    @Option(help: "Name of an environment variable holding the PKCS#12 password.")
    var passwordEnv: String?

    func run() async throws {
        let source: KeyPasswordSource =
            pkcs8Password.map { .literal($0) } ?? passwordEnv.map { .environment($0) } ?? .prompt
        let backend = FileKeyBackend(certificatePath: certificate, privateKeyPath: nil, passwordSource: source)
        let leaf = try backend.loadCertificates().certificate
        print(try CertificateSummary(leaf).json)
    }
}
