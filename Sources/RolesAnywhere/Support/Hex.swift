/// Hexadecimal text of bytes, the one encoder and decoder of the package's client side.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Lower-case hex, two digits a byte.
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of hex text (either case, even length), or nil if it is not hex.
    public static func decode<Text: StringProtocol>(_ text: Text) -> [UInt8]? {
        let source = Array(text.utf8)
        guard source.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(source.count / 2)
        var index = 0
        while index < source.count {
            guard let high = value(of: source[index]), let low = value(of: source[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    /// The value of one hex digit, or nil.
    public static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Decodes `%XX` escapes (invalid escapes kept as they are), for URL user-info and URI values.
    public static func percentDecode<Text: StringProtocol>(_ text: Text) -> String {
        let source = Array(text.utf8)
        var bytes = [UInt8]()
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "%"), index + 2 < source.count,
                let high = value(of: source[index + 1]), let low = value(of: source[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
