import Foundation
import X509

extension TestCertificateAuthority {
    /// Makes a DER-encoded X.509 v2 CRL (RFC 5280 section 5) signed by this CA.
    ///
    /// The CRL names this CA's subject as issuer, lists each serial with `thisUpdate` as its
    /// revocation date (the list is left out when `serials` is empty, as RFC 5280 asks),
    /// carries `authorityKeyIdentifier` and `cRLNumber` extensions, and is signed with
    /// sha256WithRSAEncryption or ecdsa-with-SHA256 according to the CA key.
    ///
    /// - Parameters:
    ///   - serials: The serial numbers to revoke.
    ///   - thisUpdate: The issue date (default: now); fractions of a second are dropped.
    ///   - nextUpdate: The date the next CRL is due (default: in a day).
    ///   - number: The `cRLNumber` value.
    /// - Throws: When encoding or signing fails.
    public func makeCRL(
        revoking serials: [Certificate.SerialNumber],
        thisUpdate: Date = Date(),
        nextUpdate: Date = Date().addingTimeInterval(86_400),
        number: Int = 1
    ) throws -> [UInt8] {
        let list = CertificateRevocationList(
            issuer: self.certificate.subject,
            authorityKeyIdentifier: self.subjectKeyIdentifier,
            thisUpdate: thisUpdate,
            nextUpdate: nextUpdate,
            revokedSerials: serials,
            number: number
        )
        return try list.signedDER(with: self.key)
    }

    /// The same CRL as ``makeCRL(revoking:thisUpdate:nextUpdate:number:)``, as PEM
    /// (`-----BEGIN X509 CRL-----`), newline-terminated.
    ///
    /// - Throws: When encoding or signing fails.
    public func crlPEM(
        revoking serials: [Certificate.SerialNumber],
        thisUpdate: Date = Date(),
        nextUpdate: Date = Date().addingTimeInterval(86_400),
        number: Int = 1
    ) throws -> String {
        let der = try self.makeCRL(revoking: serials, thisUpdate: thisUpdate, nextUpdate: nextUpdate, number: number)
        return PEMText.block(type: "X509 CRL", der: der)
    }
}
