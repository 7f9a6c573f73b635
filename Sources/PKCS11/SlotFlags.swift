/// The flags of a slot (`CK_SLOT_INFO.flags`, `CKF_*`).
public struct SlotFlags: OptionSet, Hashable, Sendable {
    /// The raw `CK_FLAGS`.
    public let rawValue: UInt

    /// Wraps raw flags.
    public init(rawValue: UInt) {
        self.rawValue = rawValue
    }

    /// `CKF_TOKEN_PRESENT`: a token is in the slot.
    public static let tokenPresent = SlotFlags(rawValue: 1 << 0)
    /// `CKF_REMOVABLE_DEVICE`: the reader supports removable tokens.
    public static let removableDevice = SlotFlags(rawValue: 1 << 1)
    /// `CKF_HW_SLOT`: a hardware slot rather than a software one.
    public static let hardwareSlot = SlotFlags(rawValue: 1 << 2)
}
