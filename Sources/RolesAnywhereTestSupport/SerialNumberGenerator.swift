import X509

/// Makes certificate serial numbers.
enum SerialNumberGenerator {
    /// A random positive serial of exactly 159 bits: 20 bytes, top bit clear (so DER
    /// needs no leading zero byte), next bit set (so the length never shrinks).
    static func random159Bit() -> Certificate.SerialNumber {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        bytes[0] = (bytes[0] & 0x3F) | 0x40
        return Certificate.SerialNumber(bytes: bytes)
    }
}
