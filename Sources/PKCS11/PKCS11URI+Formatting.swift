internal import CPKCS11
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PKCS11URI: CustomStringConvertible {
    /// The URI as p11-kit formats it (`p11_kit_uri_format`), with any `pin-value`
    /// replaced by `<redacted>`.
    public var description: String {
        let formatted = Self.format(storage.uri, type: 0x0000_FFFF) ?? "pkcs11:"
        return Self.redactingPINValue(formatted)
    }

    /// A URI naming one object on one token, as `token list` prints it:
    /// `pkcs11:model=...;manufacturer=...;serial=...;token=...;id=%01;object=...;type=private`.
    public static func format(
        token: TokenInfo, objectLabel: String? = nil, id: [UInt8]? = nil, objectClass: ObjectClass? = nil
    ) -> String {
        guard let uri = p11_kit_uri_new() else { return "pkcs11:" }
        defer { p11_kit_uri_free(uri) }
        if let tokenInfo = p11_kit_uri_get_token_info(uri) {
            tokenInfo.pointee = token.cInfo
        }
        var attributes: [Attribute] = []
        if let objectClass { attributes.append(.objectClass(objectClass)) }
        if let objectLabel { attributes.append(.label(objectLabel)) }
        if let id { attributes.append(.id(id)) }
        attributes.withCAttributes { pointer, count in
            for index in 0..<Int(count) {
                _ = pointer.map { p11_kit_uri_set_attribute(uri, $0 + index) }
            }
        }
        let forObjectOnToken: UInt32 = (1 << 1) | (1 << 2)  // P11_KIT_URI_FOR_OBJECT_ON_TOKEN
        return format(uri, type: forObjectOnToken) ?? "pkcs11:"
    }

    /// `p11_kit_uri_format` into a Swift string.
    static func format(_ uri: OpaquePointer, type: UInt32) -> String? {
        var output: UnsafeMutablePointer<CChar>?
        guard p11_kit_uri_format(uri, P11KitUriType(rawValue: type), &output) == 0, let output else {
            return nil
        }
        defer { free(output) }
        return String(cString: output)
    }

    /// `text` with every PIN attribute (`pin-value=`, `pin-source=`, in any case, percent-encoded
    /// or not, and also when a typo hides it inside another attribute's value, as in
    /// `type=private/pin-value=1234`) cut off and replaced by `<redacted>`, for messages about a URI.
    package static func redactingPINValue(_ text: String) -> String {
        var result = ""
        var segment = ""
        func flush() {
            let decoded = Array(percentDecoded(Substring(segment)).utf8)
            // ASCII lower-casing keeps byte offsets, so a mark found in the copy cuts the original.
            let lowered = decoded.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 32 : $0 }
            let marks = ["pin-", "pin=", "pin_", "pinvalue", "pinsource"].compactMap { lowered.firstRange(of: Array($0.utf8))?.lowerBound }
            if let first = marks.min() {
                // `pin-value=1234` keeps its name; anything else is cut where the PIN attribute starts.
                let equals = decoded.firstIndex(of: UInt8(ascii: "="))
                let keep = first == 0 && equals != nil ? decoded[...equals!] : decoded[..<first]
                result += String(decoding: keep, as: UTF8.self) + "<redacted>"
            } else {
                result += segment
            }
            segment = ""
        }
        for character in text {
            if character == ";" || character == "&" || character == "?" {
                flush()
                result.append(character)
            } else {
                segment.append(character)
            }
        }
        flush()
        return result
    }

    private static func percentDecoded(_ text: Substring) -> String {
        let source = Array(text.utf8)
        var bytes = [UInt8]()
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "%"), index + 2 < source.count,
                let value = UInt8(String(decoding: source[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
