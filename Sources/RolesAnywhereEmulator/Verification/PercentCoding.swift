import RolesAnywhere

/// Percent-decoding of received query strings and SigV4 re-encoding, for the verifiers.
///
/// The encoder is kept apart from the client's on purpose: the verifying side must not share the
/// signing side's code, or the two could agree on the same mistake.
enum PercentCoding {
    /// Decodes `%XX` escapes (invalid escapes are kept as they are). `+` stays `+`, as SigV4 requires.
    static func decode(_ value: String) -> String {
        Hex.percentDecode(value)  // the one decoder; the signer never decodes, so nothing is shared with it
    }

    /// Encodes every byte outside `A-Z a-z 0-9 - _ . ~` as `%XX`.
    static func encode(_ value: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
