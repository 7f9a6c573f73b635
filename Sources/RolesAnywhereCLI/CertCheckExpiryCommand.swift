import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

/// `roles-anywhere cert check-expiry`: days left, with exit codes for cron and monitoring.
struct CertCheckExpiryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-expiry",
        abstract: "Print a certificate's days left; exit 10 inside the warning window, 11 when expired.",
        discussion: """
            Prints one line on stdout: "<N> days left: <subject> expires <time>" or \
            "expired: <subject> expired <N> days ago, on <time>". Exit codes: 0 more than --warn-days left, \
            10 expires within --warn-days, 11 expired; 65/66 when the certificate cannot be read. \
            A pkcs11: URI is read without a login.
            """)

    /// Exit status when the certificate expires inside the warning window.
    static let expiresSoonExitCode: Int32 = 10
    /// Exit status when the certificate has expired.
    static let expiredExitCode: Int32 = 11

    @Option(help: "Certificate: a PEM/DER file, a combined PEM, a PKCS#12 bundle, or a pkcs11: URI.")
    var certificate: String

    @Option(help: "Warn (exit 10) when this many days or fewer are left.")
    var warnDays = 30

    @Option(help: "PKCS#11 module for a pkcs11: URI (default: p11-kit's proxy).")
    var pkcs11Lib: String?

    @Option(help: "Name of an environment variable holding a PKCS#12 bundle's password.")
    var passwordEnv: String?

    func run() async throws {
        let leaf = try await CertificateSource.leaf(
            certificate, modulePath: pkcs11Lib, passwordSource: passwordEnv.map { .environment($0) } ?? .prompt)
        let expiry = try CertificateExpiry(leaf, warnDays: warnDays)
        print(expiry.summary)
        switch expiry.status {
        case .fine: return
        case .expiresSoon: throw ExitCode(Self.expiresSoonExitCode)
        case .expired: throw ExitCode(Self.expiredExitCode)
        }
    }
}
