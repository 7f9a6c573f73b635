import Crypto

/// What identifies one cached credential set: the certificate, the three ARNs, region,
/// endpoint, duration and session name, hashed with SHA-256.
public struct CredentialCacheKey: Sendable, Hashable {
    /// Lower-case hex of the SHA-256 digest; also the entry's file name.
    public let hex: String

    /// - Parameter certificateIdentity: the certificate file's SHA-256, or for a token
    ///   certificate its URI (without any PIN) and module.
    public init(certificateIdentity: String, request: CreateSessionRequest) {
        let fields = [
            "v1", certificateIdentity, request.trustAnchorARN.rawValue, request.profileARN.rawValue, request.roleARN.rawValue,
            request.region, request.endpoint.description, String(request.durationSeconds), request.roleSessionName ?? "",
        ]
        // Fields are joined with a byte that cannot occur in any of them.
        hex = SigV4Encoding.lowercaseHex(SHA256.hash(data: Array(fields.joined(separator: "\u{0}").utf8)))
    }

    /// The identity of a certificate file: SHA-256 of its bytes.
    public static func fileIdentity(_ bytes: [UInt8]) -> String {
        "file:" + SigV4Encoding.lowercaseHex(SHA256.hash(data: bytes))
    }

    /// The identity of the certificate file at `path`, with the same one-line errors as signing.
    public static func fileIdentity(path: String) throws(RolesAnywhereError) -> String {
        fileIdentity(try FileReader.read(path, role: "certificate file (--certificate)"))
    }
}
