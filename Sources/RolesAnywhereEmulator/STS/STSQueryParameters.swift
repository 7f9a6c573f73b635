/// The parameters of an AWS query-protocol request: those of the query string, then
/// those of an `application/x-www-form-urlencoded` body; a later value of a name wins.
struct STSQueryParameters: Sendable {
    private(set) var values: [String: String] = [:]

    init(_ request: ReceivedRequest) {
        for (key, value) in request.queryParameters {
            values[key] = value
        }
        let contentType = request.header("Content-Type")?.trimmingSpaces.lowercased() ?? ""
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            for (key, value) in Self.decodeForm(request.body) {
                values[key] = value
            }
        }
    }

    /// The value of a parameter (names are case-sensitive, as in AWS).
    subscript(name: String) -> String? {
        values[name]
    }

    /// Decodes an HTML form body: `&`-separated `name=value` pairs, `+` is a space, `%XX` a byte.
    static func decodeForm(_ body: [UInt8]) -> [(key: String, value: String)] {
        let text = String(decoding: body, as: UTF8.self)
        return text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decodeFormComponent(parts[0])
            let value = parts.count > 1 ? decodeFormComponent(parts[1]) : ""
            return (key, value)
        }
    }

    private static func decodeFormComponent(_ component: Substring) -> String {
        PercentCoding.decode(component.replacingOccurrences(of: "+", with: " "))
    }
}
