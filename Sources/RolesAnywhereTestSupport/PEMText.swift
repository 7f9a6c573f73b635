import SwiftASN1
import X509

/// PEM text as tests write it to files: one block, newline-terminated.
enum PEMText {
    static func certificate(_ certificate: Certificate) throws -> String {
        try certificate.serializeAsPEM().pemString + "\n"
    }

    static func block(type: String, der: [UInt8]) -> String {
        PEMDocument(type: type, derBytes: der).pemString + "\n"
    }
}
