import Crypto
import Foundation
import Testing
import X509
import _CryptoExtras

@testable import RolesAnywhereTestSupport

@Suite struct TestKeyTests {
    @Test(arguments: acceptedKeyTypes)
    func signatureVerifiesWithThePublicKey(keyType: TestKeyType) throws {
        let key = try TestKey.shared(keyType)
        let message = Array("AWS4-X509-ECDSA-SHA256\n20240101T000000Z\nscope\nhash".utf8)
        let signature = try key.sign(message)
        let digest = SHA256.hash(data: message)

        switch keyType {
        case .rsa1024, .rsa2048, .rsa3072, .rsa4096:
            let publicKey = try #require(_RSA.Signing.PublicKey(key.publicKey))
            #expect(publicKey.keySizeInBits == keyType.rsaKeySizeInBits)
            #expect(
                publicKey.isValidSignature(
                    _RSA.Signing.RSASignature(rawRepresentation: signature),
                    for: digest,
                    padding: .insecurePKCS1v1_5
                )
            )
        case .p256:
            let publicKey = try #require(P256.Signing.PublicKey(key.publicKey))
            #expect(publicKey.isValidSignature(try P256.Signing.ECDSASignature(derRepresentation: signature), for: digest))
        case .p384:
            let publicKey = try #require(P384.Signing.PublicKey(key.publicKey))
            #expect(publicKey.isValidSignature(try P384.Signing.ECDSASignature(derRepresentation: signature), for: digest))
        }
    }

    @Test(arguments: acceptedKeyTypes)
    func pemExportsReadBackAsTheSameKey(keyType: TestKeyType) throws {
        let key = try TestKey.shared(keyType)
        let traditionalLabel = keyType.isRSA ? "RSA PRIVATE KEY" : "EC PRIVATE KEY"

        #expect(key.pkcs8PEM.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(key.pkcs8PEM.hasSuffix("-----END PRIVATE KEY-----\n"))
        #expect(key.traditionalPEM.hasPrefix("-----BEGIN \(traditionalLabel)-----\n"))
        #expect(key.traditionalPEM.hasSuffix("-----END \(traditionalLabel)-----\n"))
        #expect(try Certificate.PrivateKey(pemEncoded: key.pkcs8PEM) == key.certificatePrivateKey)
        #expect(try Certificate.PrivateKey(pemEncoded: key.traditionalPEM) == key.certificatePrivateKey)
    }

    @Test(arguments: [TestKeyType.p256, .p384, .rsa2048])
    func opensslReadsTheTraditionalPEM(keyType: TestKeyType) throws {
        let key = try TestKey.shared(keyType)
        let files = try TestFiles()
        defer { files.removeAll() }
        let path = try files.write(key.traditionalPEM, name: "key.pem")

        let output = try openssl(["pkey", "-in", path, "-pubout"], in: files).requireSuccess()
        let publicKey = try Certificate.PublicKey(pemEncoded: output.standardOutputText)
        #expect(publicKey == key.publicKey)
        if !keyType.isRSA {
            try openssl(["ec", "-in", path, "-check", "-noout"], in: files).requireSuccess()
        }
    }

    @Test func sharedKeysAreCachedPerTypeAndIndex() throws {
        let first = try TestKey.shared(.p256, index: 7)
        #expect(try TestKey.shared(.p256, index: 7).pkcs8PEM == first.pkcs8PEM)
        #expect(try TestKey.shared(.p256, index: 8).pkcs8PEM != first.pkcs8PEM)
        #expect(try TestKey(generating: .p256).pkcs8PEM != first.pkcs8PEM)
    }

    @Test func sigV4AlgorithmNames() {
        #expect(TestKeyType.rsa2048.sigV4Algorithm == "AWS4-X509-RSA-SHA256")
        #expect(TestKeyType.p384.sigV4Algorithm == "AWS4-X509-ECDSA-SHA256")
    }
}
