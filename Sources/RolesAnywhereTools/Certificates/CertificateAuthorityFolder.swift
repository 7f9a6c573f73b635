import RolesAnywhere

/// The files of a certificate authority that `cert ca create` makes and `cert issue` uses.
///
/// | file | content |
/// | --- | --- |
/// | `ca.pem`, `ca.key` | the issuing CA: the root, or the intermediate with `--intermediate` (key mode 0600) |
/// | `trust-anchor.pem` | the root certificate: the trust anchor to register with IAM Roles Anywhere |
/// | `root-ca.key` | the root's key, only with `--intermediate` (mode 0600; keep it offline) |
/// | `chain.pem` | the intermediate certificate, only with `--intermediate`: give it to `--intermediates` |
public struct CertificateAuthorityFolder: Sendable, Hashable {
    /// The issuing CA's certificate.
    public static let certificateFile = "ca.pem"
    /// The issuing CA's private key.
    public static let keyFile = "ca.key"
    /// The root certificate to trust.
    public static let trustAnchorFile = "trust-anchor.pem"
    /// The root's private key when an intermediate issues.
    public static let rootKeyFile = "root-ca.key"
    /// The intermediate certificates a client sends with its certificate.
    public static let chainFile = "chain.pem"

    /// The folder.
    public let directory: String

    /// Names a CA folder (nothing is read).
    public init(directory: String) {
        self.directory = directory
    }

    /// The path of a file in the folder.
    public func path(_ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : "\(directory)/\(name)"
    }
}
