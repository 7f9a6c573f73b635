/// Who logs in (`CK_USER_TYPE`, the `CKU_*` constants).
public struct UserType: RawRepresentable, Hashable, Sendable {
    /// The `CK_USER_TYPE` value.
    public let rawValue: UInt

    /// Wraps a raw `CK_USER_TYPE`.
    public init(rawValue: UInt) {
        self.rawValue = rawValue
    }

    /// `CKU_SO`: the security officer, who initializes tokens and user PINs.
    public static let securityOfficer = UserType(rawValue: 0)
    /// `CKU_USER`: the normal user, whose login unlocks private objects.
    public static let user = UserType(rawValue: 1)
    /// `CKU_CONTEXT_SPECIFIC`: re-authentication for one operation on a key
    /// with `CKA_ALWAYS_AUTHENTICATE`, right after `C_SignInit`.
    public static let contextSpecific = UserType(rawValue: 2)
}
