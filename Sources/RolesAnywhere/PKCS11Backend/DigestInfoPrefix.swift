/// The DER prefix of PKCS#1 v1.5's `DigestInfo` for a hash (RFC 8017, section 9.2, note 1):
/// `SEQUENCE { SEQUENCE { OID, NULL }, OCTET STRING <digest> }` up to the digest bytes.
///
/// `CKM_RSA_PKCS` signs whatever it is given, so a token that offers only that mechanism
/// signs `prefix || digest`; the result equals `CKM_SHA256_RSA_PKCS` over the message.
enum DigestInfoPrefix {
    /// `30 31 30 0d 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20` (id-sha256).
    static let sha256: [UInt8] = [
        0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
    ]
    /// `30 41 30 0d 06 09 60 86 48 01 65 03 04 02 02 05 00 04 30` (id-sha384).
    static let sha384: [UInt8] = [
        0x30, 0x41, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30,
    ]
    /// `30 51 30 0d 06 09 60 86 48 01 65 03 04 02 03 05 00 04 40` (id-sha512).
    static let sha512: [UInt8] = [
        0x30, 0x51, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40,
    ]

    /// The prefix for `digest`.
    static func prefix(for digest: SignatureDigest) -> [UInt8] {
        switch digest {
        case .sha256: sha256
        case .sha384: sha384
        case .sha512: sha512
        }
    }
}
