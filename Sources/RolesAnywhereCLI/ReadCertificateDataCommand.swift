import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

/// `roles-anywhere read-certificate-data`: prints facts about the certificate as JSON.
struct ReadCertificateDataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read-certificate-data",
        abstract: "Print the certificate's key type, DER (base64), decimal serial, subject, issuer and expiry as JSON.")

    @Option(help: "Certificate: a PEM/DER file, a combined PEM, a PKCS#12 bundle, or a pkcs11: URI.")
    var certificate: String

    @Option(help: "Password of a PKCS#12 bundle (prefer --password-env).")
    var pkcs8Password: String?

    @Option(help: "Name of an environment variable holding the PKCS#12 password.")
    var passwordEnv: String?

    @Option(help: "PKCS#11 module for a pkcs11: URI (default: p11-kit's proxy, which sees every registered module).")
    var pkcs11Lib: String?

    func run() async throws {
        if PKCS11BackendConfiguration.isTokenURI(certificate) {
            ModuleOutput.silence()
            let backend = PKCS11Backend(PKCS11BackendConfiguration(certificate: certificate, modulePath: pkcs11Lib))
            print(try CertificateSummary(await backend.loadCertificates().certificate).json)
            return
        }
        let source: KeyPasswordSource =
            pkcs8Password.map { .literal($0) } ?? passwordEnv.map { .environment($0) } ?? .prompt
        let backend = FileKeyBackend(certificatePath: certificate, privateKeyPath: nil, passwordSource: source)
        print(try CertificateSummary(backend.loadCertificates().certificate).json)
    }
}
