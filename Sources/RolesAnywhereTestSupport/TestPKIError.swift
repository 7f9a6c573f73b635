/// An error from the test PKI: a failed `openssl` run, a file that could not be written,
/// or input that cannot be encoded.
///
/// Like swift-certificates' `CertificateError`, the set of codes is open: switch on
/// ``code`` with a `default` case.
public struct TestPKIError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { self.rawValue }

        /// The `openssl` command could not be started or exited with a failure.
        public static let openSSLFailed = Code(rawValue: "openSSLFailed")
        /// A file or folder could not be created, written or read.
        public static let fileSystem = Code(rawValue: "fileSystem")
        /// A value cannot be encoded as asked (a date outside ASN.1's range, say).
        public static let encoding = Code(rawValue: "encoding")
    }

    /// What kind of failure this is.
    public var code: Code
    /// A sentence for the test log saying what failed and why.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(self.code): \(self.message)" }
}
