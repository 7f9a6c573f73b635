import Foundation
import RolesAnywhereTestSupport
import XCTest

/// Every key-file format `credential-process` reads.
final class CredentialProcessKeyFormatTests: XCTestCase {
    private func leafFiles(_ keyType: TestKeyType, _ name: String) throws -> (EndToEndFixture, EndToEndFixture.LeafFiles) {
        let fixture = try EndToEndFixture.get()
        return (fixture, try fixture.writeLeaf(try fixture.root.issueLeaf(LeafOptions(commonName: name, keyType: keyType)), name: name))
    }

    func testPKCS1RSAKey() throws {
        let (fixture, files) = try leafFiles(.rsa2048, "fmt-pkcs1")
        XCTAssertTrue(try String(contentsOfFile: files.traditionalKey, encoding: .utf8).hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        OutputAssertions.assertCredentials(try fixture.run(
            ["credential-process", "--certificate", files.certificate, "--private-key", files.traditionalKey] + fixture.sessionArguments))
    }

    func testSEC1ECKey() throws {
        let (fixture, files) = try leafFiles(.p384, "fmt-sec1")
        XCTAssertTrue(try String(contentsOfFile: files.traditionalKey, encoding: .utf8).hasPrefix("-----BEGIN EC PRIVATE KEY-----"))
        OutputAssertions.assertCredentials(try fixture.run(
            ["credential-process", "--certificate", files.certificate, "--private-key", files.traditionalKey] + fixture.sessionArguments))
    }

    func testEncryptedPKCS8WithPasswordFlagAndEnvironment() throws {
        for keyType in [TestKeyType.rsa2048, .p256] {
            let (fixture, files) = try leafFiles(keyType, "fmt-enc-\(keyType.rawValue)")
            let encrypted = try fixture.files.write(
                try TestFiles.encryptedPKCS8(keyPEM: files.leaf.key.pkcs8PEM, password: "correct horse"),
                name: "fmt-enc-\(keyType.rawValue)-encrypted.key")
            OutputAssertions.assertCredentials(try fixture.run(
                ["credential-process", "--certificate", files.certificate, "--private-key", encrypted,
                 "--pkcs8-password", "correct horse"] + fixture.sessionArguments))
            OutputAssertions.assertCredentials(try fixture.run(
                ["credential-process", "--certificate", files.certificate, "--private-key", encrypted,
                 "--password-env", "E2E_KEY_PASSWORD"] + fixture.sessionArguments,
                environment: ["E2E_KEY_PASSWORD": "correct horse"]))
            // --no-cache: a cached answer needs no key, so the password would not be tried.
            let wrong = try fixture.run(
                ["credential-process", "--no-cache", "--certificate", files.certificate, "--private-key", encrypted,
                 "--password-env", "E2E_KEY_PASSWORD"] + fixture.sessionArguments,
                environment: ["E2E_KEY_PASSWORD": "wrong horse"])
            OutputAssertions.assertFailure(wrong, exitCode: 65, containing: "the password does not open the encrypted PKCS#8 key")
            XCTAssertFalse(wrong.stderr.contains("wrong horse"))
        }
    }

    func testPKCS12BundleWithChain() throws {
        let fixture = try EndToEndFixture.get()
        let leaf = try fixture.intermediate.issueLeaf(LeafOptions(commonName: "fmt-p12", keyType: .rsa2048))
        let bundle = try fixture.files.write(
            try TestFiles.pkcs12(
                certificatePEM: leaf.certificatePEM, keyPEM: leaf.key.pkcs8PEM, chainPEM: leaf.chainPEM, password: "p12 pass"),
            name: "fmt.p12")
        OutputAssertions.assertCredentials(try fixture.run(
            ["credential-process", "--certificate", bundle, "--password-env", "E2E_P12"] + fixture.sessionArguments,
            environment: ["E2E_P12": "p12 pass"]))
        let data = try fixture.run(["read-certificate-data", "--certificate", bundle, "--password-env", "E2E_P12"], environment: ["E2E_P12": "p12 pass"])
        XCTAssertEqual(data.status, 0, data.stderr)
        XCTAssertTrue(data.stdout.contains("\"subject\":\"CN=fmt-p12\""), data.stdout)
    }

    func testCombinedPEMHoldingCertificateAndKey() throws {
        let (fixture, files) = try leafFiles(.p256, "fmt-combined")
        let combined = try fixture.files.write(files.leaf.certificatePEM + files.leaf.key.pkcs8PEM, name: "fmt-combined-both.pem")
        OutputAssertions.assertCredentials(try fixture.run(
            ["credential-process", "--certificate", combined] + fixture.sessionArguments))
    }
}
