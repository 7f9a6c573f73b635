#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A Cryptoki function returned something other than `CKR_OK`.
///
/// The error names both the C function and the code, so a message such as
/// `C_Login failed: CKR_PIN_INCORRECT` tells the user what went wrong and where.
/// Compare ``code`` against the named values of ``PKCS11ReturnValue``:
///
/// ```swift
/// catch let error as PKCS11Error where error.code == .pinIncorrect { … }
/// ```
public struct PKCS11Error: Error, Hashable, Sendable {
    /// The return value of the failed call.
    public var code: PKCS11ReturnValue

    /// The Cryptoki function that failed, such as `"C_Login"`.
    public var function: String

    /// Creates an error for a call of `function` that returned `code`.
    public init(code: PKCS11ReturnValue, function: String) {
        self.code = code
        self.function = function
    }
}

extension PKCS11Error: CustomStringConvertible, LocalizedError {
    /// One line: `C_Login failed: CKR_PIN_INCORRECT`.
    public var description: String {
        "\(function) failed: \(code.name)"
    }

    /// The same text as ``description``.
    public var errorDescription: String? { description }
}

extension PKCS11Error {
    /// Throws a ``PKCS11Error`` unless `rv` is `CKR_OK`.
    static func check(_ rv: UInt, _ function: String) throws {
        guard rv == PKCS11ReturnValue.ok.rawValue else {
            throw PKCS11Error(code: PKCS11ReturnValue(rawValue: rv), function: function)
        }
    }
}
