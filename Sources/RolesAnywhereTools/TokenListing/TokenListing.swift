import RolesAnywhere

/// A token and the objects it shows, each with a URI to copy into `--certificate` or
/// `--private-key`.
public struct TokenListing: Sendable, Hashable {
    /// The token label (`token` in a URI).
    public var label: String
    /// The manufacturer.
    public var manufacturer: String
    /// The model.
    public var model: String
    /// The serial number.
    public var serialNumber: String
    /// Readable token flags, such as `login required` or `PIN final try`.
    public var flags: [String]
    /// A URI naming the token.
    public var uri: String
    /// The objects found, certificates first.
    public var objects: [TokenObjectListing]
    /// Whether private objects (usually private keys) are included: a login happened or the
    /// token needs none.
    public var includesPrivateObjects: Bool
    /// Why the listing is incomplete (a failed login, an uninitialized token), if it is.
    public var note: String?
}
