/// Percent-encoding and hex helpers exactly as Signature Version 4 defines them.
///
/// Written by hand because Foundation's `addingPercentEncoding` keeps characters SigV4 must
/// encode (for example `:` and `/` in query values) and no server-ecosystem library exposes
/// SigV4's rule on its own: unreserved `A-Z a-z 0-9 - _ . ~` stay, every other UTF-8 byte
/// becomes `%XX` with upper-case hex.
public enum SigV4Encoding {
    private static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Encodes a query key or value by the SigV4 rules.
    public static func percentEncode(_ value: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(value.utf8.count * 3)
        for byte in value.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(upperHex[Int(byte >> 4)])
                out.append(upperHex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Builds a canonical query string: keys sorted by their encoded form, `key=value` joined by `&`.
    public static func canonicalQuery(_ parameters: [(key: String, value: String)]) -> String {
        parameters
            .map { (percentEncode($0.key), percentEncode($0.value)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Lower-case hex of bytes, as SigV4 prints hashes and signatures.
    public static func lowercaseHex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        Hex.encode(bytes)
    }

    /// Trims a header value and folds inner runs of spaces into one, as canonical headers require.
    public static func canonicalHeaderValue(_ value: String) -> String {
        var out = ""
        var pendingSpace = false
        for character in value.trimmingASCIIWhitespace() {
            if character == " " || character == "\t" {
                pendingSpace = true
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(character)
            }
        }
        return out
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
            UInt8(ascii: "."), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and line breaks.
    public func trimmingASCIIWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return Substring(self[first...last])
    }
}
