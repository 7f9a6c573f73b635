import Foundation
import Crypto
import RolesAnywhere

/// An HTTP request as it arrived, reduced to what Signature Version 4 covers.
///
/// The verifiers rebuild the canonical request from these received bytes with their own
/// code, independent of the client's signer, so a signer bug cannot hide itself by
/// agreeing with its own verifier.
public struct ReceivedRequest: Sendable {
    /// `POST`, `GET`, ...
    public var method: String
    /// The path as received, without the query (e.g. `/sessions`).
    public var path: String
    /// The raw query string after `?`, still percent-encoded; empty when there is none.
    public var rawQuery: String
    /// Every header as received, names in any case, repeated names kept in order.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]
    /// The client's address (for `aws:SourceIp`), when the server knows it.
    public var sourceIP: String?

    public init(method: String, path: String, rawQuery: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.path = path
        self.rawQuery = rawQuery
        self.headers = headers
        self.body = body
    }

    /// The value of a header (case-insensitive name); repeated headers are joined by `,`.
    public func header(_ name: String) -> String? {
        let values = headers.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
        return values.isEmpty ? nil : values.joined(separator: ",")
    }

    /// The decoded query parameters, in order.
    public var queryParameters: [(key: String, value: String)] {
        rawQuery.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = PercentCoding.decode(String(parts[0]))
            let value = parts.count > 1 ? PercentCoding.decode(String(parts[1])) : ""
            return (key, value)
        }
    }

    /// The canonical request over the given signed headers, or nil when one of them is missing.
    public func canonicalRequest(signedHeaders: [String]) -> String? {
        var lines = [String]()
        for name in signedHeaders {
            guard let value = header(name) else { return nil }
            lines.append("\(name):\(Self.trimmed(value))\n")
        }
        let encoded: [(key: String, value: String)] = queryParameters.map {
            (key: PercentCoding.encode($0.key), value: PercentCoding.encode($0.value))
        }
        let sorted = encoded.sorted { left, right in
            left.key == right.key ? left.value < right.value : left.key < right.key
        }
        let query: String = sorted.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        let payloadHash: String = Hex.encode(SHA256.hash(data: body))
        // SigV4 (all services but S3) encodes each path segment once more: a received `%3A` is
        // signed as `%253A`, as botocore and the official helper sign it.
        let uri: String = path.isEmpty
            ? "/" : path.split(separator: "/", omittingEmptySubsequences: false).map { PercentCoding.encode(String($0)) }.joined(separator: "/")
        let parts: [String] = [method, uri, query, lines.joined(), signedHeaders.joined(separator: ";"), payloadHash]
        return parts.joined(separator: "\n")
    }

    private static func trimmed(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}

extension String {
    /// Equal but for the case of ASCII letters (header names), without making lowercased copies:
    /// the verifiers compare names many times per request.
    func caseInsensitiveEquals(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return zip(utf8, other.utf8).allSatisfy { left, right in
            left == right || (left | 0x20 == right | 0x20 && (left | 0x20) >= UInt8(ascii: "a") && (left | 0x20) <= UInt8(ascii: "z"))
        }
    }
}
