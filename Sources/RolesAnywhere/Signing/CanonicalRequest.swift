import Crypto

/// Task 1 of Signature Version 4: the canonical request.
///
/// `METHOD\nURI\nQUERY\nHEADERS\nSIGNED_HEADERS\nhex(sha256(body))`, where HEADERS holds one
/// `lowercase-name:trimmed value\n` line per signed header, sorted by name.
public struct CanonicalRequest: Sendable, Hashable {
    /// The full canonical request text.
    public let text: String
    /// The `;`-joined lower-case names of the signed headers.
    public let signedHeaders: String

    /// Builds the canonical request.
    /// - Parameters:
    ///   - method: `POST`.
    ///   - uri: `/sessions`.
    ///   - query: the query parameters (encoded and sorted here).
    ///   - headers: the headers to sign (names in any case; values trimmed here).
    ///   - payload: the request body.
    public init(
        method: String,
        uri: String,
        query: [(key: String, value: String)],
        headers: [(name: String, value: String)],
        payload: [UInt8]
    ) {
        let canonicalHeaders = headers
            .map { (name: $0.name.lowercased(), value: SigV4Encoding.canonicalHeaderValue($0.value)) }
            .sorted { $0.name < $1.name }
        self.signedHeaders = canonicalHeaders.map(\.name).joined(separator: ";")
        let headerLines = canonicalHeaders.map { "\($0.name):\($0.value)\n" }.joined()
        let payloadHash = SigV4Encoding.lowercaseHex(SHA256.hash(data: payload))
        self.text = [
            method, uri, SigV4Encoding.canonicalQuery(query), headerLines, signedHeaders, payloadHash,
        ].joined(separator: "\n")
    }

    /// Lower-case hex SHA-256 of the canonical request text.
    public var hash: String {
        SigV4Encoding.lowercaseHex(SHA256.hash(data: Array(text.utf8)))
    }
}
