/// The hash a signature is made over. CreateSession always uses SHA-256; `sign-string` may ask for others.
public enum SignatureDigest: String, Sendable, CaseIterable {
    case sha256 = "SHA256"
    case sha384 = "SHA384"
    case sha512 = "SHA512"
}
