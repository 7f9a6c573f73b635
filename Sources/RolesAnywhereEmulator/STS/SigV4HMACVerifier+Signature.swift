import RolesAnywhere
import Crypto
import Foundation

/// The SigV4-HMAC computations, in the stages of AWS's document: string to sign,
/// signing key, signature.
extension SigV4HMACVerifier {
    /// `AWS4-HMAC-SHA256\n<X-Amz-Date>\n<scope>\nhex(sha256(canonical request))`, no trailing newline.
    static func stringToSign(amzDate: String, credentialScope: String, canonicalRequest: String) -> String {
        let digest = SHA256.hash(data: Data(canonicalRequest.utf8))
        return [algorithm, amzDate, credentialScope, digest.hexString].joined(separator: "\n")
    }

    /// The HMAC chain `"AWS4" + secret -> date -> region -> service -> "aws4_request"`.
    static func signingKey(secretAccessKey: String, date: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Data(("AWS4" + secretAccessKey).utf8))
        for element in [date, region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data(element.utf8), using: key))
        }
        return key
    }

    /// The signature in lowercase hex.
    static func signature(stringToSign: String, key: SymmetricKey) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key).hexString
    }

    /// Whether `provided` (hex) is the signature of `stringToSign`, compared in constant time
    /// by swift-crypto's `isValidAuthenticationCode`.
    static func isValidSignature(_ provided: String, stringToSign: String, key: SymmetricKey) -> Bool {
        guard let bytes = Hex.decode(provided) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: Data(stringToSign.utf8), using: key)
    }
}

extension Sequence<UInt8> {
    /// Lowercase hex, two digits a byte.
    var hexString: String { Hex.encode(self) }
}
