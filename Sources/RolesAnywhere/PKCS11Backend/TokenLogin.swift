import PKCS11

/// Logs the user in to a token (`C_Login(CKU_USER)`) by the PIN rules: a prompted PIN is
/// asked again after a wrong one while the token allows; a PIN from any other source is
/// tried once and never again.
struct TokenLogin {
    /// How many times a person is asked before giving up, if the token does not lock first.
    static let maximumPrompts = 5

    let supply: PINSupply

    /// Logs in unless the token needs no login or the application is already logged in.
    /// - Parameter attempts: incremented before every `C_Login` call.
    /// - Returns: the PIN that worked, or nil when none was entered.
    func logIn(_ session: Session, token: String, attempts: inout Int) throws(RolesAnywhereError) -> PIN? {
        let action = "logging in"
        let slot = session.slot
        var info: TokenInfo
        do {
            info = try slot.tokenInfo()
            guard info.flags.contains(.loginRequired), try !session.state().isUserLoggedIn else { return nil }
            if info.flags.contains(.protectedAuthenticationPath), supply.isInteractive {
                attempts += 1
                try session.loginWithProtectedAuthenticationPath(.user)
                return nil
            }
        } catch {
            throw TokenFailure.translate(error, action: action, token: token)
        }
        var attempt = 1
        while true {
            let status = PINStatus(info.flags)
            if status == .locked {
                throw RolesAnywhereError(.pinFailure, "the PIN for token '\(token)' is locked (CKF_USER_PIN_LOCKED): unblock it with the SO PIN or the token vendor's tool")
            }
            let subject = attempt == 1 ? "token '\(token)'" : "token '\(token)' (the last one was wrong)"
            let pin = try supply.read(for: subject, status: status)
            attempts += 1
            do {
                try session.login(.user, pin: pin)
                return pin
            } catch let error as PKCS11Error where TokenFailure.pinCodes.contains(error.code) {
                info = (try? slot.tokenInfo()) ?? info
                let after = PINStatus(info.flags)
                if error.code == .pinIncorrect, supply.isInteractive, after != .locked, attempt < Self.maximumPrompts {
                    attempt += 1
                    continue
                }
                throw Self.refusal(error, subject: "token '\(token)'", supply: supply, status: after, attempts: attempt)
            } catch {
                throw TokenFailure.translate(error, action: action, token: token)
            }
        }
    }

    /// The one-line error for a refused PIN, e.g. "the PIN for token 'ra-test' is wrong
    /// (C_Login: CKR_PIN_INCORRECT); it came from ... and was not retried; the token's PIN is
    /// on its final try: ...".
    static func refusal(
        _ error: PKCS11Error, subject: String, supply: PINSupply, status: PINStatus, attempts: Int = 1
    ) -> RolesAnywhereError {
        let cause = "(\(error.function): \(error.code.name))"
        var parts: [String]
        switch error.code {
        case .pinIncorrect:
            parts = ["the PIN for \(subject) is wrong \(cause)"]
            if !supply.isInteractive {
                parts.append("it came from \(supply.description) and was not retried, so the token does not lock")
            } else if attempts > 1 {
                parts.append("\(attempts) PINs were refused")
            }
        case .pinLocked:
            parts = ["the PIN for \(subject) is locked \(cause)"]
        case .pinExpired:
            parts = ["the PIN for \(subject) has expired \(cause): change it with the token vendor's tool"]
        default:
            parts = ["the PIN for \(subject) from \(supply.description) was refused \(cause)"]
        }
        if let clause = status.clause { parts.append(clause) }
        return RolesAnywhereError(.pinFailure, parts.joined(separator: "; "))
    }
}
