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
        guard let bytes = [UInt8](hex: provided) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: Data(stringToSign.utf8), using: key)
    }
}

extension Sequence<UInt8> {
    /// Lowercase hex, two digits a byte.
    var hexString: String {
        map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}

extension [UInt8] {
    /// Decodes hex digits (either case); nil when the text is not an even run of hex digits.
    init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = Self.hexValue(digits[index]), let low = Self.hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self = bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
