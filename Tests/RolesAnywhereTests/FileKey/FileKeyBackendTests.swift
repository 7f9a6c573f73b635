import Foundation
import RolesAnywhereTestSupport
import X509
import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class FileKeyBackendTests: XCTestCase {
    func testRotatedFilesArePickedUpByTheNextLoad() async throws {
        let files = try TestFiles()
        let ca = try TestCertificateAuthority(name: "Rotation CA")
        let first = try ca.issueLeaf(LeafOptions(commonName: "first", keyType: .p256))
        let second = try ca.issueLeaf(LeafOptions(commonName: "second", keyType: .rsa2048))
        let certificate = try files.write(first.certificatePEM, name: "leaf.pem")
        let key = try files.write(first.key.pkcs8PEM, name: "leaf.key")
        let backend = FileKeyBackend(certificatePath: certificate, privateKeyPath: key)
        let before = try await backend.loadIdentity()
        XCTAssertEqual(before.keyAlgorithm, .ecdsaP256)
        _ = try files.write(second.certificatePEM, name: "leaf.pem")
        _ = try files.write(second.key.pkcs8PEM, name: "leaf.key")
        let after = try await backend.loadIdentity()
        XCTAssertEqual(after.keyAlgorithm, .rsa(bits: 2048))
        XCTAssertEqual(after.certificate.subject.description, "CN=second")
    }

    func testSignaturesVerifyWithTheCertificateKeyForEveryDigest() async throws {
        let files = try TestFiles()
        let ca = try TestCertificateAuthority(name: "Digest CA")
        for keyType in [TestKeyType.rsa2048, .p256, .p384] {
            let leaf = try ca.issueLeaf(LeafOptions(commonName: "digest", keyType: keyType))
            let backend = FileKeyBackend(
                certificatePath: try files.write(leaf.certificatePEM, name: "d.pem"),
                privateKeyPath: try files.write(leaf.key.pkcs8PEM, name: "d.key"))
            let identity = try await backend.loadIdentity()
            let message = Array("message".utf8)
            let algorithms: [(SignatureDigest, Certificate.SignatureAlgorithm)] =
                keyType.isRSA
                ? [(.sha256, .sha256WithRSAEncryption), (.sha384, .sha384WithRSAEncryption), (.sha512, .sha512WithRSAEncryption)]
                : [(.sha256, .ecdsaWithSHA256), (.sha384, .ecdsaWithSHA384), (.sha512, .ecdsaWithSHA512)]
            for (digest, algorithm) in algorithms {
                let signature = try await identity.sign(message, digest: digest)
                XCTAssertTrue(
                    leaf.certificate.publicKey.isValidSignature(signature, for: message, signatureAlgorithm: algorithm),
                    "\(keyType) \(digest)")
            }
        }
    }

    func testNotYetValidCertificateIsRefusedWithItsStartDate() async throws {
        let files = try TestFiles()
        let ca = try TestCertificateAuthority(name: "Future CA")
        let leaf = try ca.issueLeaf(
            LeafOptions(commonName: "future", notBefore: Date(timeIntervalSinceNow: 86_400), notAfter: Date(timeIntervalSinceNow: 2 * 86_400)))
        let backend = FileKeyBackend(
            certificatePath: try files.write(leaf.certificatePEM, name: "f.pem"),
            privateKeyPath: try files.write(leaf.key.pkcs8PEM, name: "f.key"))
        do {
            _ = try await backend.loadIdentity()
            XCTFail("a certificate that is not yet valid must be refused")
        } catch let error as RolesAnywhereError {
            XCTAssertEqual(error.code, .certificateNotYetValid)
            XCTAssertTrue(error.message.contains("check this machine's clock"))
        }
    }
}
