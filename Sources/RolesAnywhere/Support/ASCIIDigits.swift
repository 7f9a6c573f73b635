/// Reads fixed-width runs of ASCII digits, for the timestamp formats AWS uses.
enum ASCIIDigits {
    /// The number written by `bytes[range]`, or nil when any byte is not a digit.
    static func value(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        guard range.upperBound <= bytes.count else { return nil }
        var result = 0
        for byte in bytes[range] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            result = result * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return result
    }
}
