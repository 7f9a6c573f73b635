import Crypto
import Foundation
import RolesAnywhere
import RolesAnywhereTools
import SwiftASN1
import X509

/// The emulator as AWS Private CA (`--private-ca DIR`, a CA folder of `cert ca create`):
/// issues certificates for CSRs with the template of `cert issue`, hands them out, and keeps
/// which ones were revoked. Its ARN is derived from its certificate, so it is the same after a
/// restart on the same folder.
public final class PrivateCertificateAuthority: Sendable {
    public let arn: String
    public let authority: CertificateAuthority
    /// The PEM of the CA's certificate and of the chain above it (empty for a root).
    public let certificatePEM: String
    public let chainPEM: String
    private let issued = NSLock()
    nonisolated(unsafe) private var certificates: [String: (pem: String, revoked: Bool)] = [:]

    public init(folder: String, accountID: String, region: String) throws {
        let folder = CertificateAuthorityFolder(directory: folder)
        authority = try CertificateAuthority(folder: folder, passwordSource: .environment("ROLES_ANYWHERE_EMULATOR_CA_PASSWORD"))
        certificatePEM = try ClientCertificateIssuer.pem(authority.certificate)
        chainPEM = (try? String(contentsOfFile: folder.path(CertificateAuthorityFolder.chainFile), encoding: .utf8)).map { _ in
            (try? String(contentsOfFile: folder.path(CertificateAuthorityFolder.trustAnchorFile), encoding: .utf8)) ?? ""
        } ?? ""
        var serializer = DER.Serializer()
        try serializer.serialize(authority.certificate)
        let digest = Array(SHA256.hash(data: serializer.serializedBytes))
        let hex = Hex.encode(digest.prefix(16))
        let id = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20).prefix(12)]
            .map(String.init).joined(separator: "-")
        arn = "arn:aws:acm-pca:\(region):\(accountID):certificate-authority/\(id)"
    }

    /// Issues a certificate; returns its ARN.
    public func issue(_ request: CertificateSigningRequest, days: Int, now: Date) throws -> String {
        let certificate = try ClientCertificateIssuer(authority: authority).issue(request, days: days, now: now)
        let serial = Hex.encode(certificate.serialNumber.bytes)
        let pem = try ClientCertificateIssuer.pem(certificate)
        issued.withLock { certificates[serial] = (pem, false) }
        return "\(arn)/certificate/\(serial)"
    }

    /// The PEM of an issued certificate, by its ARN.
    public func certificate(arn certificateARN: String) -> String? {
        guard certificateARN.hasPrefix(arn + "/certificate/") else { return nil }
        let serial = String(certificateARN.dropFirst(arn.count + "/certificate/".count))
        return issued.withLock { certificates[serial]?.pem }
    }

    /// Marks a certificate revoked by its serial (hex, colons allowed); false when unknown.
    public func revoke(serial: String) -> Bool {
        let hex = serial.replacingOccurrences(of: ":", with: "").lowercased()
        let trimmed = String(hex.drop { $0 == "0" })
        return issued.withLock {
            guard let key = certificates.keys.first(where: { String($0.drop { $0 == "0" }) == trimmed }) else { return false }
            certificates[key]?.revoked = true
            return true
        }
    }
}
