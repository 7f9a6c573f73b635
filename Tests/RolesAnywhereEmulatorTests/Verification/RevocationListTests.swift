import Foundation
import RolesAnywhereTestSupport
import X509
import XCTest

@testable import RolesAnywhereEmulator

final class RevocationListTests: XCTestCase {
    private static let serial = Certificate.SerialNumber(bytes: [0x4A, 0x01, 0x02, 0x03])

    func testReadsADERCRLAndItsRevokedSerials() throws {
        let ca = try SessionFixture.authority(name: "CRL CA")
        let der = try ca.makeCRL(revoking: [Self.serial, Certificate.SerialNumber(bytes: [0x05])])
        let list = try RevocationList(encoded: der, issuers: [ca.certificate])
        XCTAssertEqual(list.issuer, ca.certificate.subject)
        XCTAssertEqual(list.revokedSerials, [[0x4A, 0x01, 0x02, 0x03], [0x05]])
    }

    func testReadsAPEMCRLSignedByAnRSACA() throws {
        let ca = try SessionFixture.authority(name: "RSA CRL CA", keyType: .rsa2048)
        let pem = try ca.crlPEM(revoking: [Self.serial])
        XCTAssertTrue(pem.hasPrefix("-----BEGIN X509 CRL-----\n"))
        let list = try RevocationList(encoded: Array(pem.utf8), issuers: [ca.certificate])
        XCTAssertEqual(list.revokedSerials, [[0x4A, 0x01, 0x02, 0x03]])
    }

    func testReadsACRLThatRevokesNothing() throws {
        let ca = try SessionFixture.authority(name: "Empty CRL CA")
        let list = try RevocationList(encoded: try ca.makeCRL(revoking: []), issuers: [ca.certificate])
        XCTAssertEqual(list.revokedSerials, [])
    }

    func testPicksTheIssuerAmongSeveralCAs() throws {
        let first = try SessionFixture.authority(name: "First CA")
        let second = try SessionFixture.authority(name: "Second CA")
        let list = try RevocationList(encoded: try second.makeCRL(revoking: [Self.serial]), issuers: [first.certificate, second.certificate])
        XCTAssertEqual(list.issuer, second.certificate.subject)
    }

    func testRevokesOnlyListedSerialsOfItsIssuer() throws {
        let ca = try SessionFixture.authority(name: "CRL CA")
        let other = try SessionFixture.authority(name: "Other CA")
        let list = try RevocationList(encoded: try ca.makeCRL(revoking: [Self.serial]), issuers: [ca.certificate])
        var options = SessionFixture.leafOptions()
        options.serial = Self.serial
        XCTAssertTrue(list.revokes(try ca.issueLeaf(options).certificate))
        XCTAssertFalse(list.revokes(try other.issueLeaf(options).certificate))
        XCTAssertFalse(list.revokes(try ca.issueLeaf(SessionFixture.leafOptions()).certificate))
    }

    func testRefusesACRLOfAnUnknownIssuer() throws {
        let ca = try SessionFixture.authority(name: "CRL CA")
        let other = try SessionFixture.authority(name: "Other CA")
        XCTAssertThrowsError(try RevocationList(encoded: try ca.makeCRL(revoking: [Self.serial]), issuers: [other.certificate])) {
            XCTAssertEqual("\($0)", "no trust anchor CA is named CN=CRL CA, the CRL's issuer")
        }
    }

    func testRefusesACRLSignedByAnImpostorWithTheIssuersName() throws {
        let ca = try SessionFixture.authority(name: "CRL CA")
        let impostor = try SessionFixture.authority(name: "CRL CA")
        XCTAssertThrowsError(
            try RevocationList(encoded: try impostor.makeCRL(revoking: [Self.serial]), issuers: [ca.certificate])
        ) {
            XCTAssertEqual("\($0)", "the CRL's signature does not verify with the key of CN=CRL CA")
        }
    }

    func testRefusesBytesThatAreNotACRL() throws {
        let ca = try SessionFixture.authority(name: "CRL CA")
        XCTAssertThrowsError(try RevocationList(encoded: Array("not a CRL".utf8), issuers: [ca.certificate]))
        XCTAssertThrowsError(try RevocationList(encoded: try ca.certificate.derBytes, issuers: [ca.certificate]))
    }
}
