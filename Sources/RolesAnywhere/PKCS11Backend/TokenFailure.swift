import PKCS11

/// Turns errors of the PKCS11 layer into one-line ``RolesAnywhereError``s that name the
/// token and the Cryptoki function, e.g. "signing with the key ... on token 'ra-test'
/// failed (C_Sign: CKR_DEVICE_REMOVED)". Never includes a PIN.
package enum TokenFailure {
    /// Return values that mean the PIN was refused or cannot be used.
    package static let pinCodes: Set<PKCS11ReturnValue> = [.pinIncorrect, .pinInvalid, .pinLenRange, .pinExpired, .pinLocked]

    /// Translates any error thrown while `action` ("finding the key", "signing with ...") ran.
    /// - Parameter token: the token label, when one is involved.
    package static func translate(_ error: any Error, action: String, token: String?) -> RolesAnywhereError {
        let onToken = token.map { " on token '\($0)'" } ?? ""
        switch error {
        case let error as RolesAnywhereError:
            return error
        case let error as PKCS11Error:
            let cause = "(\(error.function): \(error.code.name))"
            if pinCodes.contains(error.code) {
                return RolesAnywhereError(.pinFailure, "\(action)\(onToken) failed: the PIN was refused \(cause)")
            }
            if error.code == .tokenNotPresent || error.code == .deviceRemoved {
                return RolesAnywhereError(
                    .tokenFailure, "\(action)\(onToken) failed: the token was removed \(cause); insert it and try again")
            }
            return RolesAnywhereError(.tokenFailure, "\(action)\(onToken) failed \(cause)")
        case let error as PKCS11LibraryError:
            return translate(error, action: action, onToken: onToken)
        default:
            return RolesAnywhereError(.tokenFailure, "\(action)\(onToken) failed: \(error)")
        }
    }

    private static func translate(_ error: PKCS11LibraryError, action: String, onToken: String) -> RolesAnywhereError {
        switch error.code {
        case .moduleNotFound, .moduleLoadFailed, .notAModule:
            RolesAnywhereError(
                .pkcs11ModuleUnavailable,
                "cannot use the PKCS#11 module: \(error.message): give \(setting: .pkcs11Lib) the path of a PKCS#11 module such as /usr/lib/softhsm/libsofthsm2.so")
        case .invalidURI:
            RolesAnywhereError(.invalidPKCS11URI, "\(error.message): see RFC 7512; \(tool: .tokenList) prints valid URIs")
        case .noMatchingObject:
            RolesAnywhereError(.tokenObjectNotFound, "\(action)\(onToken) failed: \(error.message)")
        case .ambiguousMatch:
            RolesAnywhereError(.ambiguousTokenObject, "\(action)\(onToken) failed: \(error.message)")
        case .contextSpecificLoginRequired:
            RolesAnywhereError(.pinFailure, "\(action)\(onToken) failed: \(error.message)")
        default:
            RolesAnywhereError(.tokenFailure, "\(action)\(onToken) failed: \(error.message)")
        }
    }
}
