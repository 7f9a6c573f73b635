internal import CPKCS11

/// Conversions between Swift strings and Cryptoki's fixed-size, blank-padded
/// `CK_UTF8CHAR` fields (token labels, manufacturer IDs, serial numbers…).
enum PaddedText {
    /// Decodes a fixed-size field (a C array imported as a tuple), dropping the
    /// trailing blanks and any NUL padding that non-conforming modules use.
    static func decode<Field>(_ field: Field) -> String {
        withUnsafeBytes(of: field) { raw in
            var bytes = Array(raw)
            if let nul = bytes.firstIndex(of: 0) {
                bytes.removeSubrange(nul...)
            }
            while let last = bytes.last, last == UInt8(ascii: " ") {
                bytes.removeLast()
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Writes `text` blank-padded (and truncated) into a fixed-size field.
    static func encode<Field>(_ text: String, into field: inout Field) {
        withUnsafeMutableBytes(of: &field) { raw in
            let utf8 = Array(text.utf8.prefix(raw.count))
            for index in raw.indices {
                raw[index] = index < utf8.count ? utf8[index] : UInt8(ascii: " ")
            }
        }
    }
}
