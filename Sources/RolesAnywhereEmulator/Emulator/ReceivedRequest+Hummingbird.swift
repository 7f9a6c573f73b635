import Hummingbird
import HTTPTypes

extension ReceivedRequest {
    /// Reads a Hummingbird request: its head, and its body up to `limit` bytes.
    ///
    /// swift-http-types moves the HTTP/1 `Host` header into the `:authority` pseudo-header;
    /// it is put back as `host` so that the signed `host` header can be checked.
    static func collect(_ request: Request, limit: Int) async throws -> ReceivedRequest {
        var received = head(of: request)
        received.body = Array(try await request.body.collect(upTo: limit).readableBytesView)
        return received
    }

    /// The request's head with an empty body, for a request refused before its body is read.
    static func head(of request: Request) -> ReceivedRequest {
        var headers: [(name: String, value: String)] = []
        if let authority = request.head.authority { headers.append(("host", authority)) }
        for field in request.headers { headers.append((field.name.canonicalName, field.value)) }
        return ReceivedRequest(
            method: request.method.rawValue,
            path: request.uri.path,
            rawQuery: request.uri.query ?? "",
            headers: headers,
            body: [])
    }
}
