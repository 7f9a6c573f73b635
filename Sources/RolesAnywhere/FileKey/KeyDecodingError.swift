/// A private-key file could not be read: one clear line that says what is wrong and what to do.
///
/// Like `CertificateError` in swift-certificates, the error is a struct with an open set of
/// codes, so new codes can be added without breaking anyone who switches over them.
/// The message never contains the password or any key bytes.
package struct KeyDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; tests and callers match on it.
    var code: Code
    /// The one-line explanation for a person, with the fix when there is one.
    var message: RolesAnywhereError.Wording
    /// The libcrypto function that failed and OpenSSL's error queue at that moment, for
    /// debug output; `nil` when the failure was found without libcrypto's help.
    var detail: String?

    /// Creates an error with a code, a one-line message and optional libcrypto detail.
    init(_ code: Code, _ message: RolesAnywhereError.Wording, detail: String? = nil) {
        self.code = code
        self.message = message
        self.detail = detail
    }

    package var description: String { message.description }
}

extension KeyDecodingError {
    /// An open set of error codes, in the manner of swift-system's `Errno`.
    struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's name, stable across releases.
        var rawValue: String

        /// Creates a code from its name.
        init(rawValue: String) {
            self.rawValue = rawValue
        }

        var description: String { rawValue }

        /// The password does not decrypt the key or does not verify the bundle.
        static let wrongPassword = Code(rawValue: "wrongPassword")
        /// The bytes are not the structure they claim to be.
        static let malformed = Code(rawValue: "malformed")
        /// The file uses an algorithm libcrypto cannot run here (e.g. RC2 without the legacy provider).
        static let unsupportedAlgorithm = Code(rawValue: "unsupportedAlgorithm")
        /// A PKCS#12 bundle holds no private key.
        static let noPrivateKey = Code(rawValue: "noPrivateKey")
        /// A PKCS#12 bundle holds no certificate that matches its private key.
        static let noCertificate = Code(rawValue: "noCertificate")
    }
}
