import PKCS11
import XCTest

final class TokenObjectFinderTests: XCTestCase {
    private func pin(_: TokenInfo) -> PIN { PIN(SoftHSM.userPIN) }

    func testFindsExactlyOnePrivateKeyAfterLogin() throws {
        let finder = TokenObjectFinder(module: try SoftHSM.module())
        let uri = try PKCS11URI(parsing: "pkcs11:token=ra-test;object=rsa2048;type=private")
        let key = try finder.findExactlyOne(uri, loginPIN: pin)
        XCTAssertEqual(key.tokenInfo.label, "ra-test")
        XCTAssertEqual(key.objectClass, .privateKey)
        XCTAssertEqual(key.label, "rsa2048")
        XCTAssertEqual(key.id, [0x01])
        XCTAssertTrue(key.uri.contains("token=ra-test"), key.uri)
        let signature = try key.session.sign(mechanism: .sha256RSAPKCS, key: key.handle, data: [1, 2, 3])
        XCTAssertEqual(signature.count, 256)
    }

    func testFindsACertificateByID() throws {
        let finder = TokenObjectFinder(module: try SoftHSM.module())
        let certificate = try finder.findExactlyOne(try PKCS11URI(parsing: "pkcs11:token=ra-test;id=%02;type=cert"))
        XCTAssertEqual(certificate.label, "rsa3072")
        XCTAssertNotNil(try certificate.session.certificateValue(of: certificate.handle))
    }

    func testNoMatchIsReportedWithTheURI() throws {
        let finder = TokenObjectFinder(module: try SoftHSM.module())
        let uri = try PKCS11URI(parsing: "pkcs11:token=ra-test;object=missing;type=cert")
        XCTAssertThrowsError(try finder.findExactlyOne(uri)) { error in
            guard let error = error as? PKCS11LibraryError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.code, .noMatchingObject)
            XCTAssertTrue(error.message.hasPrefix("no object matches URI pkcs11:"), error.message)
            XCTAssertTrue(error.message.contains("object=missing"), error.message)
        }
        XCTAssertThrowsError(try finder.findExactlyOne(try PKCS11URI(parsing: "pkcs11:token=no-such-token")))
    }

    func testAmbiguousMatchListsEveryCandidateAsAURI() throws {
        let finder = TokenObjectFinder(module: try SoftHSM.module())
        let uri = try PKCS11URI(parsing: "pkcs11:object=ecp256;type=cert")
        XCTAssertThrowsError(try finder.findExactlyOne(uri)) { error in
            guard let error = error as? PKCS11LibraryError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.code, .ambiguousMatch)
            XCTAssertTrue(error.message.hasPrefix("2 objects match URI pkcs11:"), error.message)
            XCTAssertTrue(error.message.contains("token=ra-test;"), error.message)
            XCTAssertTrue(error.message.contains("token=ra-second;"), error.message)
        }
        // Each candidate URI picks exactly its object.
        for candidate in try finder.findAll(uri) {
            let again = try finder.findExactlyOne(try PKCS11URI(parsing: candidate.uri))
            XCTAssertEqual(again.tokenInfo.label, candidate.tokenInfo.label)
        }
    }

    func testPrivateKeysOnSeveralTokensAreAmbiguousAfterLogin() throws {
        let finder = TokenObjectFinder(module: try SoftHSM.module())
        let uri = try PKCS11URI(parsing: "pkcs11:object=ecp256;type=private")
        XCTAssertEqual(try finder.findAll(uri, loginPIN: pin).count, 2)
        let narrowed = try PKCS11URI(parsing: "pkcs11:token=ra-second;object=ecp256;type=private")
        XCTAssertEqual(try finder.findExactlyOne(narrowed, loginPIN: pin).tokenInfo.label, "ra-second")
    }

    func testURIWithUnknownAttributesIsRefused() throws {
        let finder = TokenObjectFinder(module: try SoftHSM.module())
        XCTAssertThrowsError(try finder.findAll(try PKCS11URI(parsing: "pkcs11:flavour=vanilla"))) { error in
            XCTAssertEqual((error as? PKCS11LibraryError)?.code, .invalidURI, "\(error)")
        }
    }

    func testFindsThroughTheP11KitProxy() throws {
        _ = try SoftHSM.directory()
        let finder = TokenObjectFinder(module: try PKCS11Module.load(path: nil))
        let uri = try PKCS11URI(parsing: "pkcs11:token=ra-test;object=ecp384;type=private")
        let key = try finder.findExactlyOne(uri, loginPIN: pin)
        XCTAssertEqual(try key.session.sign(mechanism: .ecdsa, key: key.handle, data: Array(repeating: 1, count: 32)).count, 96)
    }

    func testMatchingSlotsFiltersByToken() throws {
        let finder = TokenObjectFinder(module: try SoftHSM.module())
        XCTAssertEqual(try finder.matchingSlots(try PKCS11URI(parsing: "pkcs11:token=ra-second")).count, 1)
        XCTAssertGreaterThanOrEqual(try finder.matchingSlots(try PKCS11URI(parsing: "pkcs11:")).count, 2)
        XCTAssertEqual(try finder.matchingSlots(try PKCS11URI(parsing: "pkcs11:library-manufacturer=Nobody")).count, 0)
    }
}
