import Foundation
import Testing
import X509
import _CryptoExtras

@testable import RolesAnywhereTestSupport

@Suite struct LeafOptionsTests {
    @Test func defaultLeafIsAV3ClientCertificate() throws {
        let root = try TestCertificateAuthority()
        let leaf = try root.issueLeaf()
        let extensions = leaf.certificate.extensions

        #expect(leaf.certificate.version == .v3)
        #expect(leaf.certificate.subject.description == "CN=test-client")
        #expect(leaf.certificate.issuer == root.certificate.subject)
        #expect(try extensions.basicConstraints == .notCertificateAuthority)
        #expect(try extensions.keyUsage == KeyUsage(digitalSignature: true))
        #expect(extensions[oid: .X509ExtensionID.keyUsage]?.critical == true)
        #expect(
            try extensions.authorityKeyIdentifier?.keyIdentifier
                == root.certificate.extensions.subjectKeyIdentifier?.keyIdentifier
        )
        #expect(leaf.certificate.publicKey == leaf.key.publicKey)
    }

    @Test func defaultSerialIsPositiveAnd159BitsLong() throws {
        let serial = LeafOptions().serial
        #expect(serial.bytes.count == 20)
        #expect(serial.bytes.first.map { $0 & 0xC0 } == 0x40)
        #expect(LeafOptions().serial != serial)
    }

    @Test func leafKeepsTheSerialAndWindowAsked() throws {
        let notBefore = Date(timeIntervalSince1970: 1_700_000_000)
        let notAfter = Date(timeIntervalSince1970: 1_800_000_000)
        let options = LeafOptions(commonName: "host-1", serial: 4242, notBefore: notBefore, notAfter: notAfter)
        let leaf = try TestCertificateAuthority().issueLeaf(options)

        #expect(leaf.certificate.serialNumber == 4242)
        #expect(leaf.certificate.notValidBefore == notBefore)
        #expect(leaf.certificate.notValidAfter == notAfter)
        #expect(leaf.certificate.subject.description == "CN=host-1")
    }

    @Test func v1LeafHasVersionOneAndNoExtensions() async throws {
        let root = try TestCertificateAuthority()
        let leaf = try root.issueLeaf(LeafOptions(version: .v1))
        let reparsed = try Certificate(pemEncoded: leaf.certificatePEM)

        #expect(reparsed.version == .v1)
        #expect(reparsed.extensions.isEmpty)

        let files = try TestFiles()
        defer { files.removeAll() }
        let text = try openssl(["x509", "-in", files.write(leaf.certificatePEM, name: "v1.pem"), "-noout", "-text"], in: files)
            .requireSuccess().standardOutputText
        #expect(text.contains("Version: 1 (0x0)"))
        #expect(!text.contains("X509v3 extensions"))
    }

    @Test func keyUsageCanBeLeftOut() throws {
        let leaf = try TestCertificateAuthority().issueLeaf(LeafOptions(keyUsage: nil))

        #expect(try leaf.certificate.extensions.keyUsage == nil)
        #expect(try leaf.certificate.extensions.basicConstraints == .notCertificateAuthority)
    }

    @Test func keyUsageCanBeTheWrongOne() throws {
        let leaf = try TestCertificateAuthority().issueLeaf(LeafOptions(keyUsage: KeyUsage(keyCertSign: true)))
        let usage = try #require(try leaf.certificate.extensions.keyUsage)

        #expect(usage.keyCertSign)
        #expect(!usage.digitalSignature)
    }

    @Test func leafCanClaimToBeACertificateAuthority() throws {
        let leaf = try TestCertificateAuthority().issueLeaf(LeafOptions(isCA: true))

        #expect(try leaf.certificate.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: nil))
    }

    @Test func tooSmallRSAKeyMakesACertificate() throws {
        let leaf = try TestCertificateAuthority().issueLeaf(LeafOptions(keyType: .rsa1024))
        let key = try #require(_RSA.Signing.PublicKey(leaf.certificate.publicKey))

        #expect(key.keySizeInBits == 1024)
    }
}
