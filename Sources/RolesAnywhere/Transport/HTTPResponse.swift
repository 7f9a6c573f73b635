/// An HTTP/1.x answer: status, headers and body.
public struct HTTPResponse: Sendable {
    /// The status code, e.g. 201.
    public var status: Int
    /// Header fields in the order received (names as sent).
    public var headers: [(name: String, value: String)]
    /// The body, de-chunked.
    public var body: [UInt8]

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}
