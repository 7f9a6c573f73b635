import RolesAnywhere

/// One slot of a PKCS#11 module as `roles-anywhere token list` shows it.
public struct SlotListing: Sendable, Hashable {
    /// The slot ID (`slot-id` in a URI).
    public var slotID: UInt
    /// The slot description.
    public var slotDescription: String
    /// The token in the slot; nil when the slot is empty.
    public var token: TokenListing?
}
