/// Decimal text of a serial number, for comparing with `Credential=`.
///
/// The verifier's own conversion (not the client's), by repeated division of the
/// big-endian bytes by ten.
enum DecimalSerial {
    static func string<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        var number = Array(bytes.drop(while: { $0 == 0 }))
        var digits = [Character]()
        while !number.isEmpty {
            var remainder = 0
            var next = [UInt8]()
            for byte in number {
                let value = remainder * 256 + Int(byte)
                let quotient = value / 10
                remainder = value % 10
                if !next.isEmpty || quotient > 0 { next.append(UInt8(quotient)) }
            }
            digits.append(Character(String(remainder)))
            number = next
        }
        return digits.isEmpty ? "0" : String(digits.reversed())
    }
}
