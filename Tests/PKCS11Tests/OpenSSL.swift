import Foundation
import XCTest

/// Independent checks with the `openssl` command line tool.
enum OpenSSL {
    static func sha256(_ data: [UInt8]) throws -> [UInt8] {
        let result = try SoftHSM.run("/usr/bin/openssl", ["dgst", "-sha256", "-binary"], input: Data(data))
        return Array(result.output)
    }

    /// Verifies a SHA-256 signature (PKCS #1 v1.5 or DER ECDSA) with the certificate's public key.
    static func verify(signature: [UInt8], of data: [UInt8], certificate: String) throws -> Bool {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("openssl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataFile = folder.appendingPathComponent("data")
        let signatureFile = folder.appendingPathComponent("sig")
        let keyFile = folder.appendingPathComponent("pub.pem")
        try Data(data).write(to: dataFile)
        try Data(signature).write(to: signatureFile)
        let key = try SoftHSM.run("/usr/bin/openssl", ["x509", "-in", certificate, "-pubkey", "-noout"])
        try key.output.write(to: keyFile)
        let result = try SoftHSM.run("/usr/bin/openssl", [
            "dgst", "-sha256", "-verify", keyFile.path, "-signature", signatureFile.path, dataFile.path,
        ])
        return result.status == 0
    }

    /// The DER of a PEM certificate.
    static func der(ofCertificate path: String) throws -> [UInt8] {
        Array(try SoftHSM.run("/usr/bin/openssl", ["x509", "-in", path, "-outform", "DER"]).output)
    }

    /// The RSA modulus of a certificate, big-endian without leading zeros.
    static func modulus(ofCertificate path: String) throws -> [UInt8] {
        let result = try SoftHSM.run("/usr/bin/openssl", ["x509", "-in", path, "-noout", "-modulus"])
        let text = String(decoding: result.output, as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "Modulus=", with: "")
        return hexBytes(text)
    }

    static func hexBytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex), index != hex.endIndex {
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }

    /// Raw `r || s` to DER `SEQUENCE { INTEGER r, INTEGER s }` (short lengths only).
    static func derECDSA(_ raw: [UInt8]) -> [UInt8] {
        func integer(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
            var value = Array(bytes.drop(while: { $0 == 0 }))
            if value.isEmpty || value[0] & 0x80 != 0 { value.insert(0, at: 0) }
            return [0x02, UInt8(value.count)] + value
        }
        let half = raw.count / 2
        let body = integer(raw[..<half]) + integer(raw[half...])
        return [0x30, UInt8(body.count)] + body
    }
}
