import PKCS11

/// Logs the user in to a token (`C_Login(CKU_USER)`) by the PIN rules: a prompted PIN is
/// asked again after a wrong one while the token allows; a PIN from any other source is
/// tried once and never again.
package struct TokenLogin {
    /// How many times a person is asked before giving up, if the token does not lock first.
    package static let maximumPrompts = 5

    package let supply: PINSupply

    /// A login that reads its PIN from `supply`.
    package init(supply: PINSupply) { self.supply = supply }

    /// Logs in unless the token needs no login or the application is already logged in.
    /// - Parameter attempts: incremented before every `C_Login` call.
    /// - Returns: the PIN that worked, or nil when none was entered.
    package func logIn(_ session: Session, token: String, attempts: inout Int) throws(RolesAnywhereError) -> PIN? {
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
            let pin = try supply.read(for: subject, status: status, isRetry: attempt > 1)
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
    package static func refusal(
        _ error: PKCS11Error, subject: String, supply: PINSupply, status: PINStatus, attempts: Int = 1
    ) -> RolesAnywhereError {
        let cause = "(\(error.function): \(error.code.name))"
        var parts: [RolesAnywhereError.Wording]
        switch error.code {
        case .pinIncorrect:
            parts = ["the PIN for \(subject) is wrong \(cause)"]
            if !supply.isInteractive {
                // Honest about lockout: every wrong PIN counts, and a TPM (tpm2-pkcs11) locks for
                // its lockout time after a few wrong PINs across runs, the right PIN included.
                parts.append("it came from \(supply.wording) and was not retried; each wrong PIN counts towards the token's lockout (a TPM locks after 3 by default, across runs)")
            } else if attempts > 1 {
                parts.append("\(attempts) PINs were refused")
            }
        case .pinLocked:
            parts = ["the PIN for \(subject) is locked \(cause)"]
            if status.clause == nil {
                // Tokens that report no PIN flags (a TPM through tpm2-pkcs11) lock by time: the
                // TPM's dictionary-attack lockout refuses every PIN, the right one too.
                parts.append(
                    "every PIN is refused, the right one included: a TPM unlocks after its lockout time (or tpm2_dictionarylockout --clear-lockout), other tokens with the SO PIN or the vendor's tool")
            }
        case .pinExpired:
            parts = ["the PIN for \(subject) has expired \(cause): change it with the token vendor's tool"]
        default:
            parts = ["the PIN for \(subject) from \(supply.wording) was refused \(cause)"]
        }
        if let clause = status.clause { parts.append(RolesAnywhereError.Wording(clause)) }
        var line = parts[0]
        for part in parts.dropFirst() { line = "\(line); \(part)" }
        return RolesAnywhereError(.pinFailure, line, subject: subject, cause: "\(error.function): \(error.code.name)")
    }
}
