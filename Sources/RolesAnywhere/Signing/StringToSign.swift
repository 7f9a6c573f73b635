/// Task 2 of Signature Version 4: the string to sign.
///
/// `ALGORITHM\nX-Amz-Date\nYYYYMMDD/region/service/aws4_request\nhex(sha256(canonical request))`,
/// without a trailing newline.
public struct StringToSign: Sendable, Hashable {
    /// The full text that the key signs.
    public let text: String
    /// The credential scope, `YYYYMMDD/region/service/aws4_request`.
    public let credentialScope: String

    /// Builds the string to sign.
    public init(algorithm: String, date: AmzDate, region: String, service: String, canonicalRequestHash: String) {
        self.credentialScope = "\(date.day)/\(region)/\(service)/aws4_request"
        self.text = [algorithm, date.timestamp, credentialScope, canonicalRequestHash].joined(separator: "\n")
    }
}
