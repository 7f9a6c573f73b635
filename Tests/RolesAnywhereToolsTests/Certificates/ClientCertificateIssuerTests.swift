import Crypto
import Foundation
import RolesAnywhereTestSupport
import XCTest

@_spi(FixedExpiryValidationTime) import X509

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class ClientCertificateIssuerTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_750_000_000)

    private func authority(_ files: TestFiles, keyType: CertificateKeyType = .ecP256) throws -> (CertificateAuthority, Certificate) {
        let folder = CertificateAuthorityFolder(directory: files.path("ca"))
        let root = try CertificateAuthorityMaker(subject: try SubjectName.parse("CN=Issuer Root"), days: 100, keyType: keyType)
            .create(in: folder, now: now)[0]
        return (try CertificateAuthority(folder: folder), root)
    }

    private func request(subject: String = "CN=client,O=Example") throws -> CertificateSigningRequest {
        try CertificateSigningRequest(
            version: .v1, subject: try SubjectName.parse(subject), privateKey: .init(P256.Signing.PrivateKey()),
            attributes: .init(), signatureAlgorithm: .ecdsaWithSHA256)
    }

    func testIssuesAV3ClientCertificateThatChainsToTheCA() async throws {
        let files = try TestFiles()
        defer { files.removeAll() }
        let (authority, root) = try authority(files, keyType: .rsa2048)
        let csr = try request()
        let issued = try ClientCertificateIssuer(authority: authority).issue(csr, days: 30, now: now.addingTimeInterval(3600))
        XCTAssertEqual(issued.version, .v3)
        XCTAssertEqual(issued.subject.description, "CN=client,O=Example")
        XCTAssertEqual(issued.publicKey, csr.publicKey)
        XCTAssertEqual(issued.signatureAlgorithm, .sha256WithRSAEncryption)
        XCTAssertEqual(issued.notValidAfter, now.addingTimeInterval(3600 + 30 * 86_400))
        XCTAssertEqual(try issued.extensions.keyUsage, KeyUsage(digitalSignature: true))
        XCTAssertEqual(try issued.extensions.basicConstraints, .notCertificateAuthority)
        XCTAssertEqual(try issued.extensions.extendedKeyUsage, try ExtendedKeyUsage([.clientAuth]))
        XCTAssertEqual(try issued.extensions.authorityKeyIdentifier?.keyIdentifier, try root.extensions.subjectKeyIdentifier?.keyIdentifier)
        XCTAssertEqual(Array(issued.serialNumber.bytes)[0] & 0xC0, 0x40)
        var verifier = Verifier(rootCertificates: CertificateStore([root])) {
            RFC5280Policy(fixedExpiryValidationTime: now.addingTimeInterval(7200))
        }
        guard case .validCertificate = await verifier.validate(leaf: issued, intermediates: CertificateStore()) else {
            return XCTFail("the issued certificate does not chain to the CA")
        }
    }

    func testCSRFileWithABrokenSignatureIsRefused() throws {
        let files = try TestFiles()
        defer { files.removeAll() }
        let good = try request()
        let path = try files.write(try good.serializeAsPEM().pemString, name: "good.csr")
        XCTAssertEqual(try CertificateRequestFile.read(path), good)
        let forged = try CertificateSigningRequest(
            version: .v1, subject: try SubjectName.parse("CN=someone else"), publicKey: good.publicKey, attributes: .init(),
            signatureAlgorithm: .ecdsaWithSHA256, signature: good.signature)
        let forgedPath = try files.write(try forged.serializeAsPEM().pemString, name: "forged.csr")
        XCTAssertThrowsError(try CertificateRequestFile.read(forgedPath)) { error in
            XCTAssertTrue((error as? RolesAnywhereError)?.message.contains("does not verify") == true, "\(error)")
        }
        let notCSR = try files.write("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n", name: "cert.pem")
        XCTAssertThrowsError(try CertificateRequestFile.read(notCSR))
    }

    func testValidityMustFitTheCA() throws {
        let files = try TestFiles()
        defer { files.removeAll() }
        let (authority, _) = try authority(files)
        let issuer = ClientCertificateIssuer(authority: authority)
        XCTAssertThrowsError(try issuer.issue(try request(), days: 365, now: now)) { error in
            XCTAssertTrue((error as? RolesAnywhereError)?.message.contains("lower --days") == true, "\(error)")
        }
        XCTAssertThrowsError(try issuer.issue(try request(), days: 1, now: now.addingTimeInterval(-86_400))) { error in
            XCTAssertTrue((error as? RolesAnywhereError)?.message.contains("not at the time of issue") == true, "\(error)")
        }
    }
}
