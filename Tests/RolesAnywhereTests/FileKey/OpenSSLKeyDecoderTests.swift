import COpenSSL
import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

/// Fixtures come from the `openssl` tool at test time, so they cover what users' files look like.
final class OpenSSLKeyDecoderTests: XCTestCase {
    /// A fresh fixture folder per test: XCTest makes one instance per test method.
    private let openssl = OpenSSLCommandLine()
    private let password = Array("correct horse".utf8)

    override func tearDown() {
        openssl.remove()
        XCTAssertEqual(ERR_peek_error(), 0, "the decoder left errors on OpenSSL's queue")
    }

    // MARK: - Encrypted PKCS#8

    func testDecryptsPBES2AES256RSAKey() throws {
        try assertDecryptsPKCS8(kind: "rsa2048", encryption: ["-v2", "aes-256-cbc"])
    }

    func testDecryptsPBES2AES256P256Key() throws {
        try assertDecryptsPKCS8(kind: "P-256", encryption: ["-v2", "aes-256-cbc"])
    }

    func testDecryptsPBES2AES256P384Key() throws {
        try assertDecryptsPKCS8(kind: "P-384", encryption: ["-v2", "aes-256-cbc"])
    }

    func testDecryptsScryptKey() throws {
        try assertDecryptsPKCS8(kind: "P-256", encryption: ["-scrypt"])
    }

    func testDecryptsDEREncodedKey() throws {
        try assertDecryptsPKCS8(kind: "P-384", encryption: ["-v2", "aes-256-cbc"], outputForm: "DER")
    }

    func testDecryptsPEMWithTextAroundTheBlock() throws {
        let (encrypted, plain) = try makeEncryptedPKCS8(kind: "P-256", encryption: ["-v2", "aes-256-cbc"])
        let framed = Array("Bag Attributes\n    friendlyName: key\n".utf8) + encrypted + Array("trailing words\n".utf8)
        XCTAssertEqual(try OpenSSLKeyDecoder.decryptPKCS8(framed, password: password), plain)
    }

    func testWrongPKCS8PasswordIsWrongPassword() throws {
        let (encrypted, _) = try makeEncryptedPKCS8(kind: "P-256", encryption: ["-v2", "aes-256-cbc"])
        // Many tries: about 1 in 256 wrong keys still yields valid padding, and must
        // also be reported as a wrong password, not as a malformed file.
        for attempt in 0..<64 {
            let wrong = Array("wrong-\(attempt)".utf8)
            assertThrows(.wrongPassword) { try OpenSSLKeyDecoder.decryptPKCS8(encrypted, password: wrong) }
        }
        assertThrows(.wrongPassword) { try OpenSSLKeyDecoder.decryptPKCS8(encrypted, password: []) }
    }

    func testWrongPasswordMessageNamesTheFixAndNotThePassword() throws {
        let (encrypted, _) = try makeEncryptedPKCS8(kind: "P-256", encryption: ["-scrypt"])
        let secret = "hunter2-secret"
        do {
            _ = try OpenSSLKeyDecoder.decryptPKCS8(encrypted, password: Array(secret.utf8))
            XCTFail("a wrong password decrypted the key")
        } catch {
            XCTAssertEqual(error.code, .wrongPassword)
            XCTAssertTrue(error.message.parts.contains(.setting(.pkcs8Password)), "\(error.message)")
            XCTAssertFalse(error.message.description.contains(secret))
            XCTAssertFalse(error.detail?.contains(secret) ?? false)
            XCTAssertFalse(error.message.description.contains("\n"))
        }
    }

    func testGarbageIsMalformed() throws {
        try openssl.generateKey("P-256", to: "plain.pem")
        let inputs: [[UInt8]] = [
            [],
            Array(repeating: 0x41, count: 300),
            [0x30, 0x82, 0x01, 0x00, 0x02, 0x01],
            Array("-----BEGIN ENCRYPTED PRIVATE KEY-----\nnot base64!\n-----END ENCRYPTED PRIVATE KEY-----\n".utf8),
            try openssl.read("plain.pem"),
        ]
        for input in inputs {
            assertThrows(.malformed) { try OpenSSLKeyDecoder.decryptPKCS8(input, password: self.password) }
        }
    }

    func testTrailingBytesAfterDERAreMalformed() throws {
        let (encrypted, _) = try makeEncryptedPKCS8(kind: "P-256", encryption: ["-v2", "aes-256-cbc"], outputForm: "DER")
        assertThrows(.malformed) { try OpenSSLKeyDecoder.decryptPKCS8(encrypted + [0], password: self.password) }
    }

    // MARK: - PKCS#12

    func testOpensPKCS12WithChain() throws {
        let fixture = try makeChain(leafKind: "P-256")
        try openssl.run([
            "pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.crt", "-certfile", "ca.crt",
            "-passout", "pass:correct horse", "-out", "bundle.p12",
        ])
        let contents = try OpenSSLKeyDecoder.openPKCS12(try openssl.read("bundle.p12"), password: password)
        assertContents(contents, fixture)
    }

    func testOpensPKCS12WithEmptyPassword() throws {
        let fixture = try makeChain(leafKind: "rsa2048")
        try openssl.run([
            "pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.crt", "-certfile", "ca.crt",
            "-passout", "pass:", "-out", "bundle.p12",
        ])
        let contents = try OpenSSLKeyDecoder.openPKCS12(try openssl.read("bundle.p12"), password: [])
        assertContents(contents, fixture)
    }

    func testOpensUnencryptedPKCS12WithNoPassword() throws {
        let fixture = try makeChain(leafKind: "P-384")
        try openssl.run([
            "pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.crt", "-certfile", "ca.crt",
            "-keypbe", "NONE", "-certpbe", "NONE", "-nomac", "-passout", "pass:", "-out", "bundle.p12",
        ])
        let contents = try OpenSSLKeyDecoder.openPKCS12(try openssl.read("bundle.p12"), password: [])
        assertContents(contents, fixture)
    }

    func testOpensLegacyPKCS12OrExplainsTheReexport() throws {
        let fixture = try makeChain(leafKind: "rsa2048")
        do {
            try openssl.run([
                "pkcs12", "-export", "-legacy", "-inkey", "leaf.key", "-in", "leaf.crt", "-certfile", "ca.crt",
                "-passout", "pass:correct horse", "-out", "bundle.p12",
            ], environment: ["OPENSSL_MODULES": nil])
        } catch {
            throw XCTSkip("this openssl cannot write -legacy bundles: \(error)")
        }
        let bundle = try openssl.read("bundle.p12")
        if OpenSSLKeyDecoder.legacyProviderLoaded {
            assertContents(try OpenSSLKeyDecoder.openPKCS12(bundle, password: password), fixture)
        } else {
            let error = assertThrows(.unsupportedAlgorithm) {
                try OpenSSLKeyDecoder.openPKCS12(bundle, password: self.password)
            }
            XCTAssertTrue(error?.message.description.contains("-keypbe AES-256-CBC -certpbe AES-256-CBC") ?? false)
        }
    }

    func testOpensPKCS12WithoutMACWithPassword() throws {
        // OpenSSL 3.0's PKCS12_parse refuses these; the decoder walks the bags itself.
        let fixture = try makeChain(leafKind: "P-256")
        try openssl.run([
            "pkcs12", "-export", "-nomac", "-inkey", "leaf.key", "-in", "leaf.crt", "-certfile", "ca.crt",
            "-passout", "pass:correct horse", "-out", "bundle.p12",
        ])
        let bundle = try openssl.read("bundle.p12")
        assertContents(try OpenSSLKeyDecoder.openPKCS12(bundle, password: password), fixture)
        assertThrows(.wrongPassword) { try OpenSSLKeyDecoder.openPKCS12(bundle, password: Array("wrong".utf8)) }
    }

    func testWrongPKCS12PasswordIsWrongPassword() throws {
        _ = try makeChain(leafKind: "P-256")
        try openssl.run([
            "pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.crt",
            "-passout", "pass:correct horse", "-out", "bundle.p12",
        ])
        let bundle = try openssl.read("bundle.p12")
        let error = assertThrows(.wrongPassword) {
            try OpenSSLKeyDecoder.openPKCS12(bundle, password: Array("hunter2-secret".utf8))
        }
        XCTAssertFalse(error?.message.description.contains("hunter2-secret") ?? true)
        assertThrows(.wrongPassword) { try OpenSSLKeyDecoder.openPKCS12(bundle, password: []) }
    }

    func testPKCS12WithoutKeyIsNoPrivateKey() throws {
        _ = try makeChain(leafKind: "P-256")
        try openssl.run(["pkcs12", "-export", "-nokeys", "-in", "leaf.crt", "-passout", "pass:correct horse", "-out", "bundle.p12"])
        assertThrows(.noPrivateKey) { try OpenSSLKeyDecoder.openPKCS12(try self.openssl.read("bundle.p12"), password: self.password) }
    }

    func testPKCS12WithoutCertificateIsNoCertificate() throws {
        try openssl.generateKey("P-256", to: "leaf.key")
        try openssl.run(["pkcs12", "-export", "-nocerts", "-inkey", "leaf.key", "-passout", "pass:correct horse", "-out", "bundle.p12"])
        assertThrows(.noCertificate) { try OpenSSLKeyDecoder.openPKCS12(try self.openssl.read("bundle.p12"), password: self.password) }
    }

    func testGarbagePKCS12IsMalformed() throws {
        for input in [[], Array(repeating: UInt8(0x30), count: 64), Array("-----BEGIN CERTIFICATE-----".utf8)] {
            assertThrows(.malformed) { try OpenSSLKeyDecoder.openPKCS12(input, password: self.password) }
        }
    }
}

// MARK: - Fixtures and assertions

extension OpenSSLKeyDecoderTests {
    /// The DER a PKCS#12 bundle must yield.
    private struct ChainFixture {
        var leafKey: [UInt8]
        var leafCertificate: [UInt8]
        var caCertificate: [UInt8]
    }

    /// Writes `<kind>.key` encrypted with `password`, returning its bytes and the plain PKCS#8 DER.
    private func makeEncryptedPKCS8(
        kind: String,
        encryption: [String],
        outputForm: String = "PEM"
    ) throws -> (encrypted: [UInt8], plain: [UInt8]) {
        try openssl.generateKey(kind, to: "key.pem")
        try openssl.run(
            ["pkcs8", "-topk8", "-in", "key.pem", "-passout", "pass:correct horse", "-outform", outputForm, "-out", "key.enc"]
                + encryption
        )
        return (try openssl.read("key.enc"), try openssl.plainPKCS8(of: "key.pem"))
    }

    private func assertDecryptsPKCS8(
        kind: String,
        encryption: [String],
        outputForm: String = "PEM",
        file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        let (encrypted, plain) = try makeEncryptedPKCS8(kind: kind, encryption: encryption, outputForm: outputForm)
        let decrypted = try OpenSSLKeyDecoder.decryptPKCS8(encrypted, password: password)
        XCTAssertEqual(decrypted, plain, file: file, line: line)
    }

    /// Writes `ca.key`/`ca.crt` (EC P-256) and `leaf.key`/`leaf.crt` signed by the CA.
    private func makeChain(leafKind: String) throws -> ChainFixture {
        try openssl.generateKey("P-256", to: "ca.key")
        try openssl.run(["req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=Test CA", "-days", "2", "-out", "ca.crt"])
        try openssl.generateKey(leafKind, to: "leaf.key")
        try openssl.run(["req", "-new", "-key", "leaf.key", "-subj", "/CN=leaf", "-out", "leaf.csr"])
        try openssl.run([
            "x509", "-req", "-in", "leaf.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-days", "1", "-out", "leaf.crt",
        ])
        return ChainFixture(
            leafKey: try openssl.plainPKCS8(of: "leaf.key"),
            leafCertificate: try openssl.certificateDER("leaf.crt"),
            caCertificate: try openssl.certificateDER("ca.crt")
        )
    }

    private func assertContents(
        _ contents: PKCS12Contents,
        _ fixture: ChainFixture,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertEqual(contents.privateKeyPKCS8, fixture.leafKey, "key", file: file, line: line)
        XCTAssertEqual(contents.certificate, fixture.leafCertificate, "leaf", file: file, line: line)
        XCTAssertEqual(contents.otherCertificates, [fixture.caCertificate], "chain", file: file, line: line)
    }

    @discardableResult
    private func assertThrows<Result>(
        _ code: KeyDecodingError.Code,
        file: StaticString = #filePath,
        line: UInt = #line,
        _ body: () throws -> Result
    ) -> KeyDecodingError? {
        do {
            _ = try body()
            XCTFail("expected \(code), got a result", file: file, line: line)
        } catch let error as KeyDecodingError {
            XCTAssertEqual(error.code, code, "\(error.message) [\(error.detail ?? "")]", file: file, line: line)
            XCTAssertEqual(ERR_peek_error(), 0, "error queue not cleared", file: file, line: line)
            return error
        } catch {
            XCTFail("expected \(code), got \(error)", file: file, line: line)
        }
        return nil
    }
}
