/// Renders a certificate serial number (big-endian bytes) in decimal, as the SigV4-X509
/// `Credential=` field requires; swift-certificates prints serials in hex.
///
/// Hand-written: the conversion is one schoolbook division loop, and no big-integer
/// library is among this package's dependencies.
public enum DecimalSerialNumber {
    /// The decimal digits of an unsigned big-endian integer ("0" for no bytes or all zeros).
    public static func string<Bytes: Collection>(fromBigEndian bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var number = Array(bytes.drop(while: { $0 == 0 }))
        guard !number.isEmpty else { return "0" }
        var digits = [UInt8]()
        digits.reserveCapacity(number.count * 3)
        while !number.isEmpty {
            // Divide by 10^9 per pass so that each pass yields nine digits.
            var remainder: UInt64 = 0
            var quotient = [UInt8]()
            quotient.reserveCapacity(number.count)
            for byte in number {
                let current = remainder << 8 | UInt64(byte)
                let q = current / 1_000_000_000
                remainder = current % 1_000_000_000
                if !quotient.isEmpty || q != 0 { quotient.append(UInt8(q)) }
            }
            number = quotient
            for _ in 0..<9 {
                digits.append(UInt8(ascii: "0") + UInt8(remainder % 10))
                remainder /= 10
                if number.isEmpty && remainder == 0 { break }
            }
        }
        while digits.count > 1, digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return String(decoding: digits.reversed(), as: UTF8.self)
    }
}
