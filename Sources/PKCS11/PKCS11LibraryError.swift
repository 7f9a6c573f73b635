#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A problem found by this library rather than reported by a token: a module that
/// cannot be loaded, a URI that does not parse, a search that found no object or
/// too many.
///
/// Like swift-certificates' `CertificateError`, the kind is an open set of codes
/// (``Code``) and the ``message`` is one line meant for the user.
public struct PKCS11LibraryError: Error, Hashable, Sendable {
    /// What kind of problem this is.
    public var code: Code

    /// A one-line explanation, such as `no file at /opt/lib/missing.so`.
    public var message: String

    /// Creates an error of kind `code` explained by `message`.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }
}

extension PKCS11LibraryError {
    /// The kinds of ``PKCS11LibraryError``: an open set, compared with `==`.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// A short identifier of the kind, such as `"moduleNotFound"`.
        public let rawValue: String

        /// Wraps an identifier.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The identifier.
        public var description: String { rawValue }

        /// No file exists at the module path, or p11-kit knows no module of that name.
        public static let moduleNotFound = Code(rawValue: "moduleNotFound")
        /// The file exists but the dynamic loader refused it.
        public static let moduleLoadFailed = Code(rawValue: "moduleLoadFailed")
        /// The file is a shared library without a `C_GetFunctionList` symbol.
        public static let notAModule = Code(rawValue: "notAModule")
        /// A string is not a valid RFC 7512 `pkcs11:` URI.
        public static let invalidURI = Code(rawValue: "invalidURI")
        /// No object matches a URI or template.
        public static let noMatchingObject = Code(rawValue: "noMatchingObject")
        /// Several objects match where exactly one was wanted.
        public static let ambiguousMatch = Code(rawValue: "ambiguousMatch")
        /// A key demands `C_Login(CKU_CONTEXT_SPECIFIC)` for every signature
        /// (`CKA_ALWAYS_AUTHENTICATE`) and no PIN was supplied for it.
        public static let contextSpecificLoginRequired = Code(rawValue: "contextSpecificLoginRequired")
        /// A module returned data that violates the specification.
        public static let unexpectedResult = Code(rawValue: "unexpectedResult")
    }
}

extension PKCS11LibraryError: CustomStringConvertible, LocalizedError {
    /// The ``message``.
    public var description: String { message }

    /// The ``message``.
    public var errorDescription: String? { message }
}
