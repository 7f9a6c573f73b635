#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import X509

/// The facts `read-certificate-data` prints about a certificate.
public struct CertificateSummary: Sendable, Hashable {
    /// `RSA` or `EC`.
    public let keyType: String
    /// Standard base64 of the DER, as sent in `X-Amz-X509`.
    public let certificateData: String
    /// The serial number in decimal, as in `Credential=`.
    public let serialNumber: String
    public let subject: String
    public let issuer: String
    public let notAfter: Date

    /// Summarizes a certificate.
    public init(_ certificate: Certificate) throws {
        self.keyType = try IdentityCheck.keyAlgorithm(of: certificate).keyType
        self.certificateData = try SigV4X509Signer.base64DER(certificate)
        self.serialNumber = DecimalSerialNumber.string(fromBigEndian: certificate.serialNumber.bytes)
        self.subject = String(describing: certificate.subject)
        self.issuer = String(describing: certificate.issuer)
        self.notAfter = certificate.notValidAfter
    }

    /// One JSON object, fields in a fixed order.
    public var json: String {
        "{\"keyType\":\(JSONString.quote(keyType)),\"certificateData\":\(JSONString.quote(certificateData))"
            + ",\"serialNumber\":\(JSONString.quote(serialNumber)),\"subject\":\(JSONString.quote(subject))"
            + ",\"issuer\":\(JSONString.quote(issuer)),\"notAfter\":\(JSONString.quote(ISO8601Timestamp.string(from: notAfter)))}"
    }
}
