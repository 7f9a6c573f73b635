/// An error of the credential core: one clear line that names what is wrong and what to do.
///
/// Like `CertificateError` in swift-certificates, the error is a struct with an open set of
/// codes, so new codes can be added without breaking anyone who switches over them.
/// The message never contains a secret (PIN, password, key, secret key, session token).
public struct RolesAnywhereError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; tests and callers match on it.
    public var code: Code
    /// The one-line explanation for a person, with the fix when there is one.
    public var message: String

    /// Creates an error with a code and a one-line message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The process exit status a command-line tool should use for this error.
    public var exitCode: Int32 { code.kind.exitCode }

    public var description: String { message }
}

extension RolesAnywhereError {
    /// The class of a failure, which decides the exit status.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// The exit status for failures of this kind.
        public let exitCode: Int32
        /// A short name of the kind.
        public let name: String

        /// Creates a kind with its exit status.
        public init(name: String, exitCode: Int32) {
            self.name = name
            self.exitCode = exitCode
        }

        /// Bad input: files, certificates, keys, passwords, ARNs, durations (exit 65).
        public static let input = Kind(name: "input", exitCode: 65)
        /// A token, PKCS#11 module or PIN problem (exit 66).
        public static let token = Kind(name: "token", exitCode: 66)
        /// The service answered and refused the request (exit 67).
        public static let refused = Kind(name: "refused", exitCode: 67)
        /// The service could not be reached or kept failing (exit 68).
        public static let network = Kind(name: "network", exitCode: 68)
        /// A local resource (file, port) could not be written or opened (exit 69).
        public static let unavailable = Kind(name: "unavailable", exitCode: 69)
        /// A fault of this program (exit 70).
        public static let `internal` = Kind(name: "internal", exitCode: 70)

        public var description: String { name }
    }

    /// An open set of error codes, each belonging to a ``Kind``.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, stable across releases.
        public let name: String
        /// The kind the code belongs to.
        public let kind: Kind

        /// Creates a code.
        public init(_ name: String, kind: Kind) {
            self.name = name
            self.kind = kind
        }

        public var description: String { name }

        /// A file is missing or cannot be read.
        public static let unreadableFile = Code("unreadableFile", kind: .input)
        /// A certificate cannot be parsed or is not usable.
        public static let invalidCertificate = Code("invalidCertificate", kind: .input)
        /// A private key cannot be parsed or is not usable.
        public static let invalidPrivateKey = Code("invalidPrivateKey", kind: .input)
        /// The private key does not belong to the certificate.
        public static let keyMismatch = Code("keyMismatch", kind: .input)
        /// The certificate's validity window has ended.
        public static let certificateExpired = Code("certificateExpired", kind: .input)
        /// The certificate's validity window has not started.
        public static let certificateNotYetValid = Code("certificateNotYetValid", kind: .input)
        /// A password does not decrypt the key.
        public static let wrongPassword = Code("wrongPassword", kind: .input)
        /// An ARN is malformed or of the wrong type.
        public static let invalidARN = Code("invalidARN", kind: .input)
        /// An argument has a value outside what is allowed.
        public static let invalidArgument = Code("invalidArgument", kind: .input)
        /// A PKCS#11 module or token failed.
        public static let tokenFailure = Code("tokenFailure", kind: .token)
        /// A PIN was refused, locked or could not be read.
        public static let pinFailure = Code("pinFailure", kind: .token)
        /// The service refused the request (4xx).
        public static let serviceRefused = Code("serviceRefused", kind: .refused)
        /// The service answered with something that is not a valid answer.
        public static let malformedResponse = Code("malformedResponse", kind: .network)
        /// The service kept failing (429/5xx) or could not be reached.
        public static let serviceUnavailable = Code("serviceUnavailable", kind: .network)
        /// A file could not be written.
        public static let unwritableFile = Code("unwritableFile", kind: .unavailable)
        /// A fault of this program.
        public static let internalFailure = Code("internalFailure", kind: .internal)
    }
}
