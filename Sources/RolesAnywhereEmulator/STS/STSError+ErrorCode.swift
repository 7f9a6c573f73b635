extension STSError {
    /// An STS error code: the string AWS puts in `<Code>` and the HTTP status it comes with.
    ///
    /// The set is open, like swift-certificates' `CertificateError.ErrorCode`: the named
    /// values below are the ones the local STS produces, and ``init(awsCode:httpStatus:)``
    /// makes any other code AWS defines. Switch over codes with a `default` case.
    public struct ErrorCode: Hashable, Sendable, CustomStringConvertible {
        /// The code as AWS spells it, e.g. `SignatureDoesNotMatch`.
        public var awsCode: String
        /// The HTTP status of a response carrying this code.
        public var httpStatus: Int

        public init(awsCode: String, httpStatus: Int) {
            self.awsCode = awsCode
            self.httpStatus = httpStatus
        }

        /// `Sender` for client errors (4xx), `Receiver` for server errors (5xx): the `<Type>` element.
        public var faultType: String {
            httpStatus >= 500 ? "Receiver" : "Sender"
        }

        public var description: String { awsCode }

        /// The access key ID is unknown, or the session token does not belong to it (403).
        public static let invalidClientTokenId = ErrorCode(awsCode: "InvalidClientTokenId", httpStatus: 403)
        /// The signature is wrong, its credential scope is wrong, or its date is too far from now (403).
        public static let signatureDoesNotMatch = ErrorCode(awsCode: "SignatureDoesNotMatch", httpStatus: 403)
        /// The credentials were valid but have expired (400).
        public static let expiredToken = ErrorCode(awsCode: "ExpiredToken", httpStatus: 400)
        /// The `Authorization` header lacks a part or has a malformed one (403).
        public static let incompleteSignature = ErrorCode(awsCode: "IncompleteSignature", httpStatus: 403)
        /// The request carries no `Authorization` header at all (403).
        public static let missingAuthenticationToken = ErrorCode(awsCode: "MissingAuthenticationToken", httpStatus: 403)
        /// The `Action` (or its `Version`) is not one this STS implements (400).
        public static let invalidAction = ErrorCode(awsCode: "InvalidAction", httpStatus: 400)
        /// The request names no `Action` (400).
        public static let missingAction = ErrorCode(awsCode: "MissingAction", httpStatus: 400)
        /// The service failed on its side (500).
        public static let internalFailure = ErrorCode(awsCode: "InternalFailure", httpStatus: 500)
    }
}
