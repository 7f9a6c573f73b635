/// An error the local STS answers with, as AWS STS reports it: a code, a message, and
/// the `ErrorResponse` XML document that the AWS CLI and SDKs parse.
public struct STSError: Error, Hashable, Sendable {
    /// What went wrong; also decides the HTTP status.
    public var code: ErrorCode
    /// The human-readable message, in AWS's wording where AWS has one.
    public var message: String

    public init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }

    /// The `ErrorResponse` document, every text value XML-escaped.
    ///
    /// - Parameter requestID: The request ID, also sent as the `x-amzn-RequestId` header.
    public func xml(requestID: String) -> String {
        "<ErrorResponse xmlns=\"\(STSAPI.xmlNamespace)\"><Error>"
            + "<Type>\(code.faultType.xmlEscaped)</Type>"
            + "<Code>\(code.awsCode.xmlEscaped)</Code>"
            + "<Message>\(message.xmlEscaped)</Message>"
            + "</Error><RequestId>\(requestID.xmlEscaped)</RequestId></ErrorResponse>"
    }
}

extension STSError: CustomStringConvertible {
    public var description: String {
        "STSError.\(code.awsCode) (\(code.httpStatus)): \(message)"
    }
}
