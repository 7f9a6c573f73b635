/// An HTTP answer of one of the local AWS's services, before it becomes a server response.
public struct ServiceAnswer: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A REST-JSON refusal: `x-amzn-ErrorType` and `{"message": ...}`.
    static func refusal(_ error: ControlPlaneError, requestID: String) -> ServiceAnswer {
        ServiceAnswer(
            status: error.status,
            headers: [("Content-Type", "application/json"), ("x-amzn-RequestId", requestID), ("x-amzn-ErrorType", error.type)],
            body: JSONText.data(["message": error.message]))
    }
}
