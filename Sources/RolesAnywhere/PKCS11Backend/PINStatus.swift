import PKCS11

/// What a token's flags say about its user PIN's retry counter
/// (`CKF_USER_PIN_LOCKED`, `CKF_USER_PIN_FINAL_TRY`, `CKF_USER_PIN_COUNT_LOW`).
package enum PINStatus: Equatable {
    case locked
    case finalTry
    case countLow
    case normal

    package init(_ flags: TokenFlags) {
        if flags.contains(.userPinLocked) {
            self = .locked
        } else if flags.contains(.userPinFinalTry) {
            self = .finalTry
        } else if flags.contains(.userPinCountLow) {
            self = .countLow
        } else {
            self = .normal
        }
    }

    /// A clause for error messages ("the token's PIN is on its final try"), or nil when normal.
    package var clause: String? {
        switch self {
        case .locked: "the token's PIN is locked: unblock it with the SO PIN or the token vendor's tool"
        case .finalTry: "the token's PIN is on its final try: one more wrong PIN locks it"
        case .countLow: "the token's PIN retry count is low (a wrong PIN was entered since the last success)"
        case .normal: nil
        }
    }

    /// A short note for the PIN prompt, or an empty string when normal.
    package var promptNote: String {
        switch self {
        case .locked: " [PIN LOCKED]"
        case .finalTry: " [FINAL TRY: a wrong PIN locks the token]"
        case .countLow: " [retries low]"
        case .normal: ""
        }
    }
}
