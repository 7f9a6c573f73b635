#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Crypto
import RolesAnywhere

/// Signature Version 4 with temporary credentials (`AWS4-HMAC-SHA256`), for the AWS calls a
/// tool makes with the credentials Roles Anywhere gave it (ACM Private CA).
///
/// Written here over the engine's canonical request and swift-crypto's HMAC: the Swift SDKs
/// that sign this way (Soto, the AWS SDK for Swift) would bring a whole HTTP stack and
/// Foundation into the client for one call a day.
struct SigV4HMACSigner {
    var credentials: AWSCredentials
    var region: String
    var service: String

    /// The headers to send: `Host`, `X-Amz-Date`, `X-Amz-Security-Token`, `Authorization`, plus `headers`.
    func sign(
        method: String, host: String, path: String, headers: [(name: String, value: String)], body: [UInt8], now: Date
    ) -> [(name: String, value: String)] {
        let date = AmzDate(now)
        var signed = headers + [("Host", host), ("X-Amz-Date", date.timestamp), ("X-Amz-Security-Token", credentials.sessionToken)]
        let canonical = CanonicalRequest(method: method, uri: path, query: [], headers: signed, payload: body)
        let toSign = StringToSign(
            algorithm: "AWS4-HMAC-SHA256", date: date, region: region, service: service, canonicalRequestHash: canonical.hash)
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [date.day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        let signature = Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(toSign.text.utf8), using: key))
        signed.append((
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(toSign.credentialScope), SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
        ))
        return signed
    }
}
