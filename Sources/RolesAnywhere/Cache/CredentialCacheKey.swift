import Crypto

#if canImport(Glibc)
import Glibc
#endif

/// What identifies one cached credential set: the certificate, the private key, the three
/// ARNs, region, endpoint, duration and session name, hashed with SHA-256.
///
/// The key is part of it, so a different, changed or missing key never finds another key's
/// entry: the fetch that follows proves the key against the certificate (or fails saying why).
public struct CredentialCacheKey: Sendable, Hashable {
    /// Lower-case hex of the SHA-256 digest; also the entry's file name.
    public let hex: String

    /// - Parameters:
    ///   - certificateIdentity: the certificate file's SHA-256 (``fileIdentity(path:)``), or for a
    ///     token certificate its URI without the query (no PIN) and module.
    ///   - keyIdentity: ``fileKeyIdentity(path:)``, a token key's URI without its query, or
    ///     `none` when the certificate names its key.
    public init(certificateIdentity: String, keyIdentity: String = "none", request: CreateSessionRequest) {
        let fields = [
            "v2", certificateIdentity, keyIdentity, request.trustAnchorARN.rawValue, request.profileARN.rawValue,
            request.roleARN.rawValue, request.region, request.endpoint.description, String(request.durationSeconds),
            request.roleSessionName ?? "",
        ]
        // Fields are joined with a byte that cannot occur in any of them.
        hex = Hex.encode(SHA256.hash(data: Array(fields.joined(separator: "\u{0}").utf8)))
    }

    /// The identity of a certificate file: SHA-256 of its bytes.
    public static func fileIdentity(_ bytes: [UInt8]) -> String {
        "file:" + Hex.encode(SHA256.hash(data: bytes))
    }

    /// The identity of the certificate file at `path`, with the same one-line errors as signing.
    public static func fileIdentity(path: String) throws(RolesAnywhereError) -> String {
        fileIdentity(try FileReader.read(path, role: "certificate file (\(setting: .certificate))"))
    }

    /// The identity of a key (or chain) file: its path and the SHA-256 of its bytes. A file that
    /// cannot be read gets an identity of its own, which no stored entry has.
    public static func fileKeyIdentity(path: String) -> String {
        guard let bytes = try? FileReader.read(path, role: "private key file (\(setting: .privateKey))") else {
            return "unreadable:\(path)"
        }
        return "file:\(path):" + Hex.encode(SHA256.hash(data: bytes))
    }
}
