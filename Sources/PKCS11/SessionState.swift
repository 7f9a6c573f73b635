/// The state of a session (`CK_STATE`, the `CKS_*` constants).
public struct SessionState: RawRepresentable, Hashable, Sendable {
    /// The `CK_STATE` value.
    public let rawValue: UInt

    /// Wraps a raw `CK_STATE`.
    public init(rawValue: UInt) {
        self.rawValue = rawValue
    }

    /// `CKS_RO_PUBLIC_SESSION`: read-only, nobody logged in.
    public static let readOnlyPublic = SessionState(rawValue: 0)
    /// `CKS_RO_USER_FUNCTIONS`: read-only, the user is logged in.
    public static let readOnlyUser = SessionState(rawValue: 1)
    /// `CKS_RW_PUBLIC_SESSION`: read-write, nobody logged in.
    public static let readWritePublic = SessionState(rawValue: 2)
    /// `CKS_RW_USER_FUNCTIONS`: read-write, the user is logged in.
    public static let readWriteUser = SessionState(rawValue: 3)
    /// `CKS_RW_SO_FUNCTIONS`: read-write, the security officer is logged in.
    public static let readWriteSecurityOfficer = SessionState(rawValue: 4)

    /// Whether the normal user is logged in.
    public var isUserLoggedIn: Bool {
        self == .readOnlyUser || self == .readWriteUser
    }
}
