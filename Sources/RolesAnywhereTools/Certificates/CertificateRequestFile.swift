import RolesAnywhere
import SwiftASN1
import X509

/// Reads a certificate signing request (PKCS #10) from a PEM or DER file and checks its
/// signature, which proves the requester holds the key.
public enum CertificateRequestFile {
    /// The request in `path`, its signature checked.
    /// - Throws: `unreadableFile`, or `invalidArgument` for a file that is not a CSR or whose
    ///   signature does not verify.
    public static func read(_ path: String) throws(RolesAnywhereError) -> CertificateSigningRequest {
        try parse(FileReader.read(path, role: "certificate signing request (--csr)"), path: path)
    }

    /// A request from its PEM or DER bytes (`path` names it in messages), its signature checked.
    public static func parse(_ bytes: [UInt8], path: String) throws(RolesAnywhereError) -> CertificateSigningRequest {
        let request: CertificateSigningRequest
        var der = bytes
        do {
            if let text = PEMText(bytes) {
                guard let document = text.documents.first(where: { $0.discriminator.hasSuffix("CERTIFICATE REQUEST") }) else {
                    throw RolesAnywhereError(.invalidArgument, "'\(path)' holds no PEM CERTIFICATE REQUEST block")
                }
                der = Array(document.derBytes)
            }
            request = try CertificateSigningRequest(derEncoded: der)
        } catch let error as RolesAnywhereError {
            throw error
        } catch {
            if let bits = UnparsableCertificateDiagnosis.smallRSAKeyBits(requestDER: der) {
                throw RolesAnywhereError(
                    .invalidArgument,
                    "the certificate signing request '\(path)' is for an RSA-\(bits) key: RSA keys under 2048 bits are refused; make the key and the request again with 2048 bits or more")
            }
            throw RolesAnywhereError(.invalidArgument, "'\(path)' is not a readable certificate signing request (PKCS #10)")
        }
        try verify(request, path: path)
        return request
    }

    /// Checks that the request is signed by the key it carries.
    static func verify(_ request: CertificateSigningRequest, path: String) throws(RolesAnywhereError) {
        guard request.publicKey.isValidSignature(request.signature, for: request) else {
            throw RolesAnywhereError(
                .invalidArgument, "the signature of the certificate signing request '\(path)' does not verify: make the CSR again with the key it names")
        }
    }
}
