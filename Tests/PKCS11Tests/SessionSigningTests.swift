import PKCS11
import XCTest

final class SessionSigningTests: XCTestCase {
    let message = Array("AWS4-X509-RSA-SHA256\n20250101T000000Z\nstring to sign".utf8)
    /// DER prefix of `DigestInfo { sha256, OCTET STRING(32) }`.
    let sha256DigestInfoPrefix: [UInt8] = [
        0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
    ]

    func testSHA256RSAPKCSVerifiesWithTheCertificate() throws {
        let session = try SoftHSM.userSession()
        for label in ["rsa2048", "rsa3072"] {
            let key = try SoftHSM.object(label, .privateKey, in: session)
            let signature = try session.sign(mechanism: .sha256RSAPKCS, key: key, data: message)
            XCTAssertEqual(signature.count, label == "rsa2048" ? 256 : 384)
            XCTAssertTrue(try OpenSSL.verify(signature: signature, of: message, certificate: SoftHSM.certificatePath(label)))
        }
    }

    func testRSAPKCSOverDigestInfoEqualsSHA256RSAPKCS() throws {
        let session = try SoftHSM.userSession()
        let key = try SoftHSM.object("rsa2048", .privateKey, in: session)
        let digestInfo = try sha256DigestInfoPrefix + OpenSSL.sha256(message)
        let raw = try session.sign(mechanism: .rsaPKCS, key: key, data: digestInfo)
        let hashed = try session.sign(mechanism: .sha256RSAPKCS, key: key, data: message)
        XCTAssertEqual(raw, hashed)  // PKCS #1 v1.5 is deterministic
    }

    func testECDSAReturnsRawRAndSOfTwiceTheCurveSize() throws {
        let session = try SoftHSM.userSession()
        for (label, size) in [("ecp256", 64), ("ecp384", 96)] {
            let key = try SoftHSM.object(label, .privateKey, in: session)
            let signature = try session.sign(mechanism: .ecdsa, key: key, data: OpenSSL.sha256(message))
            XCTAssertEqual(signature.count, size)
            let der = OpenSSL.derECDSA(signature)
            XCTAssertTrue(try OpenSSL.verify(signature: der, of: message, certificate: SoftHSM.certificatePath(label)))
        }
    }

    func testAlwaysAuthenticateKeyWithoutContextPINFailsClearly() throws {
        let session = try SoftHSM.userSession()
        let key = try SoftHSM.object("rsa-always", .privateKey, in: session)
        XCTAssertEqual(try session.bool(.alwaysAuthenticate, of: key), true)
        XCTAssertThrowsError(try session.sign(mechanism: .sha256RSAPKCS, key: key, data: message)) { error in
            XCTAssertEqual((error as? PKCS11LibraryError)?.code, .contextSpecificLoginRequired, "\(error)")
            XCTAssertTrue("\(error)".contains("CKA_ALWAYS_AUTHENTICATE"), "\(error)")
        }
    }

    func testAlwaysAuthenticateKeysSignWithContextPIN() throws {
        let session = try SoftHSM.userSession()
        var prompts = 0
        let rsa = try SoftHSM.object("rsa-always", .privateKey, in: session)
        let rsaSignature = try session.sign(mechanism: .sha256RSAPKCS, key: rsa, data: message) {
            prompts += 1
            return PIN(SoftHSM.userPIN)
        }
        XCTAssertTrue(try OpenSSL.verify(signature: rsaSignature, of: message, certificate: SoftHSM.certificatePath("rsa-always")))
        let ec = try SoftHSM.object("ec-always", .privateKey, in: session)
        let ecSignature = try session.sign(mechanism: .ecdsa, key: ec, data: OpenSSL.sha256(message)) {
            prompts += 1
            return PIN(SoftHSM.userPIN)
        }
        XCTAssertEqual(ecSignature.count, 64)
        XCTAssertEqual(prompts, 2)
    }

    func testWrongContextPINFailsAndLeavesTheSessionUsable() throws {
        let session = try SoftHSM.userSession()
        let key = try SoftHSM.object("ec-always", .privateKey, in: session)
        let digest = try OpenSSL.sha256(message)
        XCTAssertThrowsError(try session.sign(mechanism: .ecdsa, key: key, data: digest) { PIN("0000") }) { error in
            XCTAssertEqual(error as? PKCS11Error, PKCS11Error(code: .pinIncorrect, function: "C_Login"))
        }
        // The abandoned operation does not block the next one.
        let signature = try session.sign(mechanism: .ecdsa, key: key, data: digest) { PIN(SoftHSM.userPIN) }
        XCTAssertEqual(signature.count, 64)
    }

    func testContextPINIsNotAskedForOrdinaryKeys() throws {
        let session = try SoftHSM.userSession()
        let key = try SoftHSM.object("ecp256", .privateKey, in: session)
        let signature = try session.sign(mechanism: .ecdsa, key: key, data: OpenSSL.sha256(message)) {
            XCTFail("asked for a context-specific PIN")
            return PIN(SoftHSM.userPIN)
        }
        XCTAssertEqual(signature.count, 64)
    }

    func testUnsupportedMechanismFailsInSignInit() throws {
        let session = try SoftHSM.userSession()
        let key = try SoftHSM.object("ecp256", .privateKey, in: session)
        let bogus = Mechanism(MechanismType(rawValue: 0x7FFF_FFF0))
        XCTAssertThrowsError(try session.sign(mechanism: bogus, key: key, data: message)) { error in
            XCTAssertEqual(error as? PKCS11Error, PKCS11Error(code: .mechanismInvalid, function: "C_SignInit"))
        }
        // An RSA mechanism on an EC key fails too (SoftHSM only notices in C_Sign).
        XCTAssertThrowsError(try session.sign(mechanism: .sha256RSAPKCS, key: key, data: message)) { error in
            XCTAssertTrue(error is PKCS11Error, "\(error)")
        }
        XCTAssertEqual(try session.sign(mechanism: .ecdsa, key: key, data: Array(repeating: 2, count: 32)).count, 64)
    }
}
