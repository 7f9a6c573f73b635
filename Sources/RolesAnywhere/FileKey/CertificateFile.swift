import SwiftASN1
import X509

/// Certificates read from PEM or DER files: a leaf file, an intermediates bundle, or the
/// certificate part of a combined PEM that also holds the key.
package enum CertificateFile {
    /// Parses every certificate in PEM text or a single DER certificate.
    /// - Parameters:
    ///   - bytes: the file's contents.
    ///   - path: the path, for messages.
    ///   - role: what the file is for, for messages.
    package static func certificates(in bytes: [UInt8], path: String, role: RolesAnywhereError.Wording) throws(RolesAnywhereError) -> [Certificate] {
        if let text = PEMText(bytes) {
            let documents: [PEMDocument]
            do {
                documents = try PEMDocument.parseMultiple(pemString: text.string)
            } catch {
                throw RolesAnywhereError(.invalidCertificate, "the \(role) '\(path)' has a malformed PEM block")
            }
            var certificates = [Certificate]()
            for document in documents where document.discriminator == "CERTIFICATE" {
                do {
                    certificates.append(try Certificate(pemDocument: document))
                } catch {
                    throw unparsable(Array(document.derBytes), path: path, role: role)
                }
            }
            return certificates
        }
        do {
            return [try Certificate(derEncoded: bytes)]
        } catch {
            if UnparsableCertificateDiagnosis.smallRSAKeyBits(certificateDER: bytes) != nil {
                throw unparsable(bytes, path: path, role: role)
            }
            throw RolesAnywhereError(
                .invalidCertificate, "the \(role) '\(path)' is neither PEM nor a DER certificate")
        }
    }

    private static func unparsable(_ der: [UInt8], path: String, role: RolesAnywhereError.Wording) -> RolesAnywhereError {
        if let bits = UnparsableCertificateDiagnosis.smallRSAKeyBits(certificateDER: der) {
            return RolesAnywhereError(
                .invalidCertificate,
                "the \(role) '\(path)' holds an RSA-\(bits) certificate: RSA keys under 2048 bits are refused; issue a certificate for a key of 2048 bits or more")
        }
        return RolesAnywhereError(
            .invalidCertificate, "the \(role) '\(path)' holds a CERTIFICATE block that is not a valid X.509 certificate")
    }

    /// Exactly one leaf certificate from a file (the first one when a bundle is given).
    package static func leaf(in bytes: [UInt8], path: String) throws(RolesAnywhereError) -> Certificate {
        let role: RolesAnywhereError.Wording = "certificate file (\(setting: .certificate))"
        let found = try certificates(in: bytes, path: path, role: role)
        guard let first = found.first else {
            if let text = PEMText(bytes), text.string.contains("PRIVATE KEY-----") {
                throw RolesAnywhereError(
                    .invalidCertificate,
                    "the certificate file '\(path)' holds a private key but no certificate: pass the certificate to \(setting: .certificate) and the key to \(setting: .privateKey)")
            }
            throw RolesAnywhereError(.invalidCertificate, "the certificate file '\(path)' holds no PEM CERTIFICATE block")
        }
        return first
    }
}

/// The text of a file that contains at least one PEM block.
package struct PEMText {
    package let string: String

    package init?(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self), text.contains("-----BEGIN ") else { return nil }
        self.string = text
    }

    /// The PEM documents of the text, skipping any block swift-asn1 cannot parse.
    package var documents: [PEMDocument] {
        (try? PEMDocument.parseMultiple(pemString: string)) ?? []
    }
}
