// TEMPORARY STUB: replaced by the helper's implementation.
enum OpenSSLKeyDecoder {
    static func decryptPKCS8(_ encoded: [UInt8], password: [UInt8]) throws(KeyDecodingError) -> [UInt8] { throw KeyDecodingError(code: .malformed, message: "stub") }
    static func openPKCS12(_ der: [UInt8], password: [UInt8]) throws(KeyDecodingError) -> PKCS12Contents { throw KeyDecodingError(code: .malformed, message: "stub") }
}
struct PKCS12Contents: Sendable { var privateKeyPKCS8: [UInt8]; var certificate: [UInt8]; var otherCertificates: [[UInt8]] }
struct KeyDecodingError: Error {
    struct Code: Hashable { let rawValue: String; static let wrongPassword = Code(rawValue: "w"); static let malformed = Code(rawValue: "m") }
    var code: Code; var message: String
}
