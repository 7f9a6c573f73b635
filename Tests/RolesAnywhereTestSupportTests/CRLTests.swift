import Foundation
import Testing
import X509

@testable import RolesAnywhereTestSupport

@Suite struct CRLTests {
    @Test(arguments: [TestKeyType.p256, .p384, .rsa2048])
    func crlVerifiesWithOpenSSLAndListsTheSerials(keyType: TestKeyType) throws {
        let root = try TestCertificateAuthority(keyType: keyType)
        let revoked = [try root.issueLeaf(), try root.issueLeaf()].map(\.certificate.serialNumber)
        let files = try TestFiles()
        defer { files.removeAll() }
        let crlPath = try files.write(root.makeCRL(revoking: revoked), name: "crl.der")
        let caPath = try files.write(root.certificatePEM, name: "ca.pem")

        let output = try openssl(
            ["crl", "-inform", "DER", "-in", crlPath, "-CAfile", caPath, "-noout", "-text"],
            in: files
        ).requireSuccess()

        #expect(output.standardError.contains("verify OK"))
        let text = output.standardOutputText
        #expect(text.contains("Version 2 (0x1)"))
        #expect(text.contains("Issuer: CN = Test Root CA"))
        for serial in revoked {
            #expect(text.contains("Serial Number: \(hex(serial))"))
        }
        #expect(text.contains(keyType.isRSA ? "sha256WithRSAEncryption" : "ecdsa-with-SHA256"))
        #expect(text.contains("X509v3 CRL Number"))
    }

    @Test func crlOfAnIntermediateVerifiesAgainstTheIntermediate() throws {
        let intermediate = try TestCertificateAuthority().issueIntermediate()
        let leaf = try intermediate.issueLeaf()
        let files = try TestFiles()
        defer { files.removeAll() }
        let crlPath = try files.write(
            intermediate.crlPEM(revoking: [leaf.certificate.serialNumber]),
            name: "crl.pem"
        )
        let caPath = try files.write(intermediate.certificatePEM, name: "ca.pem")

        let output = try openssl(["crl", "-in", crlPath, "-CAfile", caPath, "-noout", "-text"], in: files)
            .requireSuccess()
        #expect(output.standardError.contains("verify OK"))
        #expect(output.standardOutputText.contains("Serial Number: \(hex(leaf.certificate.serialNumber))"))
    }

    @Test func emptyCRLHasNoRevokedListAndKeepsItsDates() throws {
        let root = try TestCertificateAuthority()
        let thisUpdate = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01T00:00:00Z
        let nextUpdate = Date(timeIntervalSince1970: 2_556_144_000)  // 2051-01-01T00:00:00Z
        let files = try TestFiles()
        defer { files.removeAll() }
        let crlPath = try files.write(
            root.makeCRL(revoking: [], thisUpdate: thisUpdate, nextUpdate: nextUpdate),
            name: "crl.der"
        )
        let caPath = try files.write(root.certificatePEM, name: "ca.pem")

        let output = try openssl(
            ["crl", "-inform", "DER", "-in", crlPath, "-CAfile", caPath, "-noout", "-text"],
            in: files
        ).requireSuccess()
        #expect(output.standardError.contains("verify OK"))
        #expect(output.standardOutputText.contains("No Revoked Certificates."))
        #expect(output.standardOutputText.contains("Last Update: Jan  1 00:00:00 2024 GMT"))
        #expect(output.standardOutputText.contains("Next Update: Jan  1 00:00:00 2051 GMT"))
    }

    @Test func crlSignedByAnotherCAFailsVerification() throws {
        let root = try TestCertificateAuthority()
        let impostor = try TestCertificateAuthority()
        let files = try TestFiles()
        defer { files.removeAll() }
        let crlPath = try files.write(impostor.makeCRL(revoking: []), name: "crl.der")
        let caPath = try files.write(root.certificatePEM, name: "ca.pem")

        let output = try openssl(["crl", "-inform", "DER", "-in", crlPath, "-CAfile", caPath, "-noout"], in: files)
        #expect(!output.standardError.contains("verify OK"))
    }
}
