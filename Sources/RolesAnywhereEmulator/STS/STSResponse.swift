/// An HTTP response of the local STS, ready for the HTTP server to send.
public struct STSResponse: Sendable {
    /// The HTTP status: 200, or the error code's status.
    public var status: Int
    /// The `Content-Type` header value (`text/xml` for every STS answer).
    public var contentType: String
    /// Further headers, in order; `x-amzn-RequestId` for every STS answer.
    public var headers: [(String, String)]
    /// The XML document.
    public var body: String

    public init(status: Int, contentType: String, headers: [(String, String)], body: String) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }
}

extension STSResponse {
    /// The `ErrorResponse` answer for `error`.
    static func error(_ error: STSError, requestID: String) -> STSResponse {
        xml(status: error.code.httpStatus, body: error.xml(requestID: requestID), requestID: requestID)
    }

    /// The `GetCallerIdentityResponse` answer naming the owner of `record`.
    static func getCallerIdentity(_ record: STSCredentialRecord, requestID: String) -> STSResponse {
        let body = "<GetCallerIdentityResponse xmlns=\"\(STSAPI.xmlNamespace)\"><GetCallerIdentityResult>"
            + "<Arn>\(record.assumedRoleARN.xmlEscaped)</Arn>"
            + "<UserId>\(record.userID.xmlEscaped)</UserId>"
            + "<Account>\(record.accountID.xmlEscaped)</Account>"
            + "</GetCallerIdentityResult>"
            + "<ResponseMetadata><RequestId>\(requestID.xmlEscaped)</RequestId></ResponseMetadata>"
            + "</GetCallerIdentityResponse>"
        return xml(status: 200, body: body, requestID: requestID)
    }

    private static func xml(status: Int, body: String, requestID: String) -> STSResponse {
        STSResponse(status: status, contentType: "text/xml", headers: [("x-amzn-RequestId", requestID)], body: body)
    }
}
