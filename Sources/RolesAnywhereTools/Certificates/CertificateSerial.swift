import RolesAnywhere
import X509

/// Serial numbers for the certificates the tools issue.
enum CertificateSerial {
    /// A random positive serial of exactly 159 bits (RFC 5280 allows up to 20 octets): 20
    /// bytes, top bit clear so DER needs no leading zero, next bit set so the length never shrinks.
    static func random159Bit() -> Certificate.SerialNumber {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        bytes[0] = (bytes[0] & 0x3F) | 0x40
        return Certificate.SerialNumber(bytes: bytes)
    }
}
