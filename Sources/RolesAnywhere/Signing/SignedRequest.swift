/// A CreateSession request ready to send, with the intermediate texts for `--debug`.
public struct SignedRequest: Sendable {
    /// `POST`.
    public let method: String
    /// The endpoint to connect to.
    public let endpoint: ServiceEndpoint
    /// `/sessions?<canonical query>`.
    public let pathAndQuery: String
    /// Every header to send, `Authorization` included.
    public let headers: [(name: String, value: String)]
    /// The request body.
    public let body: [UInt8]
    /// The canonical request (task 1); contains no secret.
    public let canonicalRequest: CanonicalRequest
    /// The string to sign (task 2); contains no secret.
    public let stringToSign: StringToSign
    /// The `Authorization` header value.
    public let authorization: String

    /// The full URL: `scheme://host[:port]/sessions?query`.
    public var url: String { "\(endpoint)\(pathAndQuery)" }
}
