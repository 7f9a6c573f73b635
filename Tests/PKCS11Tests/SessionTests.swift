import PKCS11
import XCTest

final class SessionTests: XCTestCase {
    func testLoginWithTheRightPIN() throws {
        let session = try SoftHSM.slot(token: "ra-test").openSession()
        try session.login(.user, pin: PIN(SoftHSM.userPIN))
        XCTAssertTrue(try session.state().isUserLoggedIn)
        // Logging in again is not an error.
        XCTAssertNoThrow(try session.login(.user, pin: PIN(SoftHSM.userPIN)))
    }

    func testWrongPINIsPinIncorrectFromCLogin() throws {
        let session = try SoftHSM.slot(token: "ra-second").openSession()
        try session.logout()  // login state is per token: make sure the PIN is checked
        XCTAssertThrowsError(try session.login(.user, pin: PIN("0000"))) { error in
            guard let error = error as? PKCS11Error else { return XCTFail("\(error)") }
            XCTAssertEqual(error.code, .pinIncorrect)
            XCTAssertEqual(error.function, "C_Login")
            XCTAssertEqual(error.description, "C_Login failed: CKR_PIN_INCORRECT")
        }
        XCTAssertFalse(try session.state().isUserLoggedIn)
        XCTAssertNoThrow(try session.login(.user, pin: PIN(SoftHSM.userPIN)))
    }

    func testReadWriteSessionState() throws {
        let session = try SoftHSM.slot(token: "ra-test").openSession(readWrite: true)
        try session.login(.user, pin: PIN(SoftHSM.userPIN))
        XCTAssertEqual(try session.state(), .readWriteUser)
    }

    func testFindObjectsExactlyOneNoneAndMany() throws {
        let session = try SoftHSM.userSession()
        XCTAssertEqual(try session.findObjects([.objectClass(.privateKey), .label("rsa2048")]).count, 1)
        XCTAssertEqual(try session.findObjects([.objectClass(.privateKey), .label("missing")]).count, 0)
        // rsa2048 has a private key, a public key and a certificate.
        XCTAssertEqual(try session.findObjects([.label("rsa2048")]).count, 3)
        XCTAssertEqual(try session.findObjects([.objectClass(.privateKey)]).count, 7)
        XCTAssertEqual(try session.findObjects([.objectClass(.certificate), .id([0x04])]).count, 1)
        // A search can be repeated: C_FindObjectsFinal was called.
        XCTAssertEqual(try session.findObjects([.objectClass(.certificate), .id([0x04])]).count, 1)
    }

    func testPrivateKeysAreInvisibleBeforeLogin() throws {
        let session = try SoftHSM.slot(token: "ra-second").openSession()
        try session.logout()
        XCTAssertEqual(try session.findObjects([.objectClass(.privateKey)]).count, 0)
        XCTAssertEqual(try session.findObjects([.objectClass(.certificate)]).count, 1)
    }

    func testRSAAttributes() throws {
        let session = try SoftHSM.userSession()
        let key = try SoftHSM.object("rsa2048", .privateKey, in: session)
        XCTAssertEqual(try session.objectClass(of: key), .privateKey)
        XCTAssertEqual(try session.keyType(of: key), .rsa)
        XCTAssertEqual(try session.label(of: key), "rsa2048")
        XCTAssertEqual(try session.id(of: key), [0x01])
        XCTAssertEqual(try session.bool(.sensitive, of: key), true)
        XCTAssertEqual(try session.bool(.extractable, of: key), false)
        XCTAssertEqual(try session.bool(.alwaysAuthenticate, of: key), false)
        XCTAssertEqual(try session.publicExponent(of: key), [0x01, 0x00, 0x01])
        let modulus = try XCTUnwrap(try session.modulus(of: key))
        XCTAssertEqual(modulus.count, 256)
        XCTAssertEqual(modulus, try OpenSSL.modulus(ofCertificate: SoftHSM.certificatePath("rsa2048")))
        // The private exponent is sensitive: nil, not an error.
        XCTAssertNil(try session.attributeValue(AttributeType(rawValue: 0x123), of: key))
        // A certificate has no modulus: nil, not an error.
        let certificate = try SoftHSM.object("rsa2048", .certificate, in: session)
        XCTAssertNil(try session.modulus(of: certificate))
    }

    func testECAttributes() throws {
        let session = try SoftHSM.userSession()
        let publicKey = try SoftHSM.object("ecp256", .publicKey, in: session)
        let point = try XCTUnwrap(try session.ecPoint(of: publicKey))
        XCTAssertEqual(point.count, 67)  // OCTET STRING (04 41) around 04 || X || Y
        XCTAssertEqual(Array(point.prefix(3)), [0x04, 0x41, 0x04])
        let prime256v1: [UInt8] = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]
        XCTAssertEqual(try session.ecParams(of: publicKey), prime256v1)
        let p384 = try SoftHSM.object("ecp384", .publicKey, in: session)
        XCTAssertEqual(try session.ecPoint(of: p384)?.count, 99)
        let privateKey = try SoftHSM.object("ecp256", .privateKey, in: session)
        XCTAssertEqual(try session.keyType(of: privateKey), .ec)
        XCTAssertEqual(try session.ecParams(of: privateKey), prime256v1)
    }

    func testCertificateValueIsTheDER() throws {
        let session = try SoftHSM.userSession()
        let certificate = try SoftHSM.object("ecp384", .certificate, in: session)
        let der = try OpenSSL.der(ofCertificate: SoftHSM.certificatePath("ecp384"))
        XCTAssertEqual(try session.certificateValue(of: certificate), der)
        XCTAssertEqual(try session.id(of: certificate), [0x04])
    }

    func testSessionsAreUsableFromSeveralThreads() throws {
        let session = try SoftHSM.userSession()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            do {
                let found = try session.findObjects([.objectClass(.certificate), .label("rsa3072")])
                XCTAssertEqual(found.count, 1)
            } catch {
                XCTFail("\(error)")
            }
        }
    }
}
