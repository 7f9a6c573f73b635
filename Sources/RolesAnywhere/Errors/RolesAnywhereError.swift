/// An error of the engine, as facts: a code, the subject it is about, the underlying cause,
/// and a one-line wording in which the program's own inputs are named as ``Setting``s.
///
/// Like `CertificateError` in swift-certificates, the error is a struct with an open set of
/// codes, so new codes can be added without breaking anyone who switches over them. The
/// engine names no command-line flag and no exit status: a program renders ``wording`` with
/// its own names for the settings (the CLI as its flags, a configuration file as its keys)
/// and chooses the exit status from ``Code/kind``.
/// The wording never contains a secret (PIN, password, key, secret key, session token).
public struct RolesAnywhereError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; tests and callers match on it.
    public var code: Code
    /// The sentence for a person, with the fix when there is one; settings stay symbolic.
    public var wording: Wording
    /// What the error is about: a file's path, a token object's URI, an ARN, a host; nil when
    /// the wording names nothing in particular.
    public var subject: String?
    /// The underlying cause as reported by the layer below (the OS, OpenSSL, the PKCS#11
    /// module, the service), when there is one.
    public var cause: String?

    /// Creates an error with a code and its wording.
    public init(_ code: Code, _ wording: Wording, subject: String? = nil, cause: String? = nil) {
        self.code = code
        self.wording = wording
        self.subject = subject
        self.cause = cause
    }

    /// Creates an error with a code and a sentence that names no setting.
    public init(_ code: Code, plain message: String, subject: String? = nil, cause: String? = nil) {
        self.init(code, Wording(message), subject: subject, cause: cause)
    }

    /// The wording with each setting under its own name (`privateKey`), for programs that
    /// do not render it themselves.
    public var message: String { wording.rendered { $0.name } }

    public var description: String { message }
}

extension RolesAnywhereError {
    /// The class of a failure; a program maps it to its exit status.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// A short name of the kind.
        public let name: String

        /// Creates a kind.
        public init(name: String) {
            self.name = name
        }

        /// Bad input: files, certificates, keys, passwords, ARNs, durations.
        public static let input = Kind(name: "input")
        /// A token, PKCS#11 module or PIN problem.
        public static let token = Kind(name: "token")
        /// The service answered and refused the request.
        public static let refused = Kind(name: "refused")
        /// The service could not be reached or kept failing.
        public static let network = Kind(name: "network")
        /// A local resource (file, port) could not be written or opened.
        public static let unavailable = Kind(name: "unavailable")
        /// A fault of this program.
        public static let `internal` = Kind(name: "internal")

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
