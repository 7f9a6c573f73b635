import Foundation
import Testing
import X509

@testable import RolesAnywhereTestSupport

@Suite struct ChainValidationTests {
    @Test(arguments: acceptedKeyTypes)
    func leafChainsToItsRoot(keyType: TestKeyType) async throws {
        let root = try TestCertificateAuthority(keyType: keyType)
        let leaf = try root.issueLeaf(LeafOptions(keyType: keyType))

        #expect(leaf.chain.isEmpty)
        #expect(leaf.chainPEM.isEmpty)
        #expect(await validates(leaf.certificate, root: root.certificate))
    }

    @Test(arguments: acceptedKeyTypes)
    func leafChainsThroughAnIntermediate(keyType: TestKeyType) async throws {
        let root = try TestCertificateAuthority(keyType: keyType)
        let intermediate = try root.issueIntermediate(keyType: keyType)
        let leaf = try intermediate.issueLeaf(LeafOptions(keyType: keyType))

        #expect(leaf.chain == [intermediate.certificate])
        #expect(intermediate.rootCertificate == root.certificate)
        #expect(await validates(leaf.certificate, root: root.certificate, intermediates: leaf.chain))
        #expect(await !validates(leaf.certificate, root: root.certificate), "needs its intermediate")
    }

    @Test func twoIntermediatesFormTheChainIssuerFirst() async throws {
        let root = try TestCertificateAuthority()
        let first = try root.issueIntermediate(name: "First Intermediate")
        let second = try first.issueIntermediate(name: "Second Intermediate")
        let leaf = try second.issueLeaf()

        #expect(leaf.chain == [second.certificate, first.certificate])
        #expect(leaf.chainPEM == second.certificatePEM + first.certificatePEM)
        #expect(!leaf.chainPEM.contains(root.certificatePEM))
        #expect(!leaf.chainPEM.contains(leaf.certificatePEM))
        #expect(await validates(leaf.certificate, root: root.certificate, intermediates: leaf.chain))
    }

    @Test func expiredLeafFailsValidation() async throws {
        let root = try TestCertificateAuthority()
        let leaf = try root.issueLeaf(
            LeafOptions(notBefore: Date().addingTimeInterval(-7200), notAfter: Date().addingTimeInterval(-3600))
        )

        #expect(await !validates(leaf.certificate, root: root.certificate))
    }

    @Test func notYetValidLeafFailsValidation() async throws {
        let root = try TestCertificateAuthority()
        let leaf = try root.issueLeaf(
            LeafOptions(notBefore: Date().addingTimeInterval(3600), notAfter: Date().addingTimeInterval(7200))
        )

        #expect(await !validates(leaf.certificate, root: root.certificate))
    }

    @Test func leafOfAnotherRootWithTheSameNameFailsValidation() async throws {
        let trusted = try TestCertificateAuthority()
        let impostor = try TestCertificateAuthority()
        let leaf = try impostor.issueLeaf()

        #expect(await !validates(leaf.certificate, root: trusted.certificate))
    }

    @Test func caCertificatesCarryTheRequiredExtensions() throws {
        let root = try TestCertificateAuthority()
        let intermediate = try root.issueIntermediate()

        for ca in [root, intermediate] {
            let extensions = ca.certificate.extensions
            #expect(ca.certificate.version == .v3)
            #expect(try extensions.basicConstraints == .isCertificateAuthority(maxPathLength: nil))
            #expect(extensions[oid: .X509ExtensionID.basicConstraints]?.critical == true)
            #expect(try extensions.keyUsage == KeyUsage(keyCertSign: true, cRLSign: true))
            #expect(extensions[oid: .X509ExtensionID.keyUsage]?.critical == true)
            #expect(try extensions.subjectKeyIdentifier != nil)
        }
        #expect(try root.certificate.extensions.authorityKeyIdentifier == nil)
        #expect(
            try intermediate.certificate.extensions.authorityKeyIdentifier?.keyIdentifier
                == root.certificate.extensions.subjectKeyIdentifier?.keyIdentifier
        )
    }

    @Test func rsaCertificateAuthoritiesShareTheirDefaultKeyButECOnesDoNot() throws {
        #expect(try TestCertificateAuthority().key.publicKey != TestCertificateAuthority().key.publicKey)
        let rsaRoot = try TestCertificateAuthority(keyType: .rsa2048)
        #expect(try rsaRoot.key.publicKey == TestKey.shared(.rsa2048, index: 1).publicKey)
    }
}
