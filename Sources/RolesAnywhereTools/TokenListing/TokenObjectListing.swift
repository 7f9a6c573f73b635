import RolesAnywhere

/// One object on a token: what it is, the facts worth knowing, and its URI.
public struct TokenObjectListing: Sendable, Hashable {
    /// `certificate`, `private key`, `public key`, `secret key`, `data`, or the class name.
    public var kind: String
    /// `CKA_LABEL` (`object` in a URI).
    public var label: String?
    /// `CKA_ID` (`id` in a URI).
    public var id: [UInt8]?
    /// Facts: subject and expiry of a certificate; type, size or curve and flags of a key.
    public var details: [String]
    /// A URI naming exactly this object.
    public var uri: String
}
