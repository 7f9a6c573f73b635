/// The flags of a token (`CK_TOKEN_INFO.flags`, `CKF_*`).
///
/// The PIN-state flags (``userPinCountLow``, ``userPinFinalTry``, ``userPinLocked``)
/// are worth reporting after a failed login: the next wrong PIN may lock the token.
public struct TokenFlags: OptionSet, Hashable, Sendable {
    /// The raw `CK_FLAGS`.
    public let rawValue: UInt

    /// Wraps raw flags.
    public init(rawValue: UInt) {
        self.rawValue = rawValue
    }

    /// `CKF_RNG`: the token has a random number generator.
    public static let rng = TokenFlags(rawValue: 0x1)
    /// `CKF_WRITE_PROTECTED`: the token is read-only.
    public static let writeProtected = TokenFlags(rawValue: 0x2)
    /// `CKF_LOGIN_REQUIRED`: some functions need a user login.
    public static let loginRequired = TokenFlags(rawValue: 0x4)
    /// `CKF_USER_PIN_INITIALIZED`: the user PIN has been set.
    public static let userPinInitialized = TokenFlags(rawValue: 0x8)
    /// `CKF_RESTORE_KEY_NOT_NEEDED`.
    public static let restoreKeyNotNeeded = TokenFlags(rawValue: 0x20)
    /// `CKF_CLOCK_ON_TOKEN`: the token has a clock.
    public static let clockOnToken = TokenFlags(rawValue: 0x40)
    /// `CKF_PROTECTED_AUTHENTICATION_PATH`: the PIN is entered on a pad or reader, not passed in.
    public static let protectedAuthenticationPath = TokenFlags(rawValue: 0x100)
    /// `CKF_DUAL_CRYPTO_OPERATIONS`.
    public static let dualCryptoOperations = TokenFlags(rawValue: 0x200)
    /// `CKF_TOKEN_INITIALIZED`: the token has been initialized.
    public static let tokenInitialized = TokenFlags(rawValue: 0x400)
    /// `CKF_SECONDARY_AUTHENTICATION`.
    public static let secondaryAuthentication = TokenFlags(rawValue: 0x800)
    /// `CKF_USER_PIN_COUNT_LOW`: a wrong user PIN was entered since the last success.
    public static let userPinCountLow = TokenFlags(rawValue: 0x10000)
    /// `CKF_USER_PIN_FINAL_TRY`: one more wrong user PIN locks the token.
    public static let userPinFinalTry = TokenFlags(rawValue: 0x20000)
    /// `CKF_USER_PIN_LOCKED`: the user PIN is locked.
    public static let userPinLocked = TokenFlags(rawValue: 0x40000)
    /// `CKF_USER_PIN_TO_BE_CHANGED`: the user PIN must be changed.
    public static let userPinToBeChanged = TokenFlags(rawValue: 0x80000)
    /// `CKF_SO_PIN_COUNT_LOW`: a wrong SO PIN was entered since the last success.
    public static let soPinCountLow = TokenFlags(rawValue: 0x100000)
    /// `CKF_SO_PIN_FINAL_TRY`: one more wrong SO PIN locks the token.
    public static let soPinFinalTry = TokenFlags(rawValue: 0x200000)
    /// `CKF_SO_PIN_LOCKED`: the SO PIN is locked.
    public static let soPinLocked = TokenFlags(rawValue: 0x400000)
    /// `CKF_SO_PIN_TO_BE_CHANGED`: the SO PIN must be changed.
    public static let soPinToBeChanged = TokenFlags(rawValue: 0x800000)
    /// `CKF_ERROR_STATE`: the token failed a self test.
    public static let errorState = TokenFlags(rawValue: 0x1000000)
}
