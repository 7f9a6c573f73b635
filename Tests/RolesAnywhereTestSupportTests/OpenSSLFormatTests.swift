import Foundation
import Testing
import X509

@testable import RolesAnywhereTestSupport

@Suite struct OpenSSLFormatTests {
    @Test(arguments: [TestKeyType.p256, .rsa2048])
    func encryptedPKCS8DecryptsToTheSameKey(keyType: TestKeyType) throws {
        let key = try TestKey.shared(keyType)
        let encrypted = try TestFiles.encryptedPKCS8(keyPEM: key.pkcs8PEM, password: "correct horse")
        #expect(encrypted.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----"))

        let files = try TestFiles()
        defer { files.removeAll() }
        let path = try files.write(encrypted, name: "key.enc.pem")
        let decrypted = try openssl(
            ["pkcs8", "-in", path, "-passin", "env:TEST_PASSWORD"],
            environment: ["TEST_PASSWORD": "correct horse"],
            in: files
        ).requireSuccess().standardOutputText
        #expect(try Certificate.PrivateKey(pemEncoded: decrypted) == key.certificatePrivateKey)

        let wrong = try openssl(
            ["pkcs8", "-in", path, "-passin", "env:TEST_PASSWORD"],
            environment: ["TEST_PASSWORD": "wrong"],
            in: files
        )
        #expect(wrong.exitStatus != 0)
    }

    @Test func encryptedPKCS8AcceptsTheTraditionalForm() throws {
        let key = try TestKey.shared(.p384)
        let encrypted = try TestFiles.encryptedPKCS8(keyPEM: key.traditionalPEM, password: "pw")
        #expect(encrypted.contains("ENCRYPTED PRIVATE KEY"))
    }

    @Test func pkcs12OpensWithThePassword() throws {
        let root = try TestCertificateAuthority()
        let intermediate = try root.issueIntermediate()
        let leaf = try intermediate.issueLeaf()
        let bundle = try TestFiles.pkcs12(
            certificatePEM: leaf.certificatePEM,
            keyPEM: leaf.key.pkcs8PEM,
            chainPEM: leaf.chainPEM,
            password: "s3cret"
        )

        let files = try TestFiles()
        defer { files.removeAll() }
        let path = try files.write(bundle, name: "bundle.p12")
        let output = try openssl(
            ["pkcs12", "-in", path, "-passin", "env:TEST_PASSWORD", "-nokeys"],
            environment: ["TEST_PASSWORD": "s3cret"],
            in: files
        ).requireSuccess().standardOutputText
        #expect(output.contains("subject=CN = test-client"))
        #expect(output.contains("subject=CN = Test Intermediate CA"))

        let info = try openssl(
            ["pkcs12", "-in", path, "-passin", "env:TEST_PASSWORD", "-info", "-noout"],
            environment: ["TEST_PASSWORD": "s3cret"],
            in: files
        ).requireSuccess().standardError
        #expect(info.contains("AES-256-CBC"))
    }

    @Test func openSSLFailureIsAnErrorWithItsMessage() throws {
        do {
            _ = try TestFiles.encryptedPKCS8(keyPEM: "not a key", password: "pw")
            Issue.record("expected a failure")
        } catch let error as TestPKIError {
            #expect(error.code == .openSSLFailed)
            #expect(error.message.contains("openssl pkcs8"))
        }
    }

    @Test func passwordsReachOpenSSLThroughTheEnvironmentOnly() throws {
        // A failure message quotes openssl's arguments: the password must not be among them.
        do {
            _ = try TestFiles.pkcs12(certificatePEM: "x", keyPEM: "y", password: "argv-canary")
            Issue.record("expected a failure")
        } catch let error as TestPKIError {
            #expect(error.message.contains("-passout env:ROLES_ANYWHERE_TEST_PKI_PASSWORD"))
            #expect(!error.message.contains("argv-canary"))
        }
    }

    @Test func filesAreWrittenIntoAFreshPrivateFolder() throws {
        let files = try TestFiles()
        defer { files.removeAll() }
        let path = try files.write([1, 2, 3], name: "a.bin")

        #expect(path.hasPrefix(files.directory))
        #expect(try files.read("a.bin") == [1, 2, 3])
        let other = try TestFiles.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: other) }
        #expect(other != files.directory)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
