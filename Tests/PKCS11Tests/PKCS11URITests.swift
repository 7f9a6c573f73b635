import PKCS11
import XCTest

final class PKCS11URITests: XCTestCase {
    func testParsesTokenObjectTypeAndPINValue() throws {
        let uri = try PKCS11URI(parsing: "pkcs11:token=ra-test;object=rsa2048;type=private?pin-value=1234")
        XCTAssertEqual(uri.tokenLabel, "ra-test")
        XCTAssertEqual(uri.objectLabel, "rsa2048")
        XCTAssertEqual(uri.objectClass, .privateKey)
        XCTAssertNil(uri.id)
        XCTAssertNil(uri.tokenSerial)
        XCTAssertNil(uri.tokenManufacturer)
        XCTAssertNil(uri.slotID)
        XCTAssertTrue(uri.hasPINValue)
        XCTAssertEqual(uri.pinValue?.count, 4)
        XCTAssertEqual(uri.attributeTemplate, [.objectClass(.privateKey), .label("rsa2048")])
        XCTAssertFalse("\(uri)".contains("1234"), "\(uri)")
        XCTAssertTrue("\(uri)".contains("pin-value=<redacted>"), "\(uri)")
    }

    func testParsesPercentEncodedIDAndEveryObjectType() throws {
        let uri = try PKCS11URI(parsing: "pkcs11:id=%01;type=cert")
        XCTAssertEqual(uri.id, [0x01])
        XCTAssertEqual(uri.objectClass, .certificate)
        XCTAssertEqual(uri.attributeTemplate, [.objectClass(.certificate), .id([0x01])])
        XCTAssertEqual(try PKCS11URI(parsing: "pkcs11:id=%DE%AD%be%ef").id, [0xDE, 0xAD, 0xBE, 0xEF])
        XCTAssertEqual(try PKCS11URI(parsing: "pkcs11:type=public").objectClass, .publicKey)
        XCTAssertEqual(try PKCS11URI(parsing: "pkcs11:type=secret-key").objectClass, .secretKey)
        XCTAssertEqual(try PKCS11URI(parsing: "pkcs11:type=data").objectClass, .data)
        XCTAssertEqual(try PKCS11URI(parsing: "pkcs11:object=my%20key").objectLabel, "my key")
    }

    func testParsesTokenSlotAndLibraryAttributes() throws {
        let uri = try PKCS11URI(parsing:
            "pkcs11:model=SoftHSM%20v2;manufacturer=SoftHSM%20project;serial=0123abcd;token=t;"
            + "slot-id=7;slot-description=d;slot-manufacturer=m;library-manufacturer=SoftHSM;library-description=x")
        XCTAssertEqual(uri.tokenModel, "SoftHSM v2")
        XCTAssertEqual(uri.tokenManufacturer, "SoftHSM project")
        XCTAssertEqual(uri.tokenSerial, "0123abcd")
        XCTAssertEqual(uri.tokenLabel, "t")
        XCTAssertEqual(uri.slotID, 7)
        XCTAssertEqual(uri.slotDescription, "d")
        XCTAssertEqual(uri.slotManufacturer, "m")
        XCTAssertEqual(uri.libraryManufacturer, "SoftHSM")
        XCTAssertEqual(uri.libraryDescription, "x")
    }

    func testParsesQueryAttributes() throws {
        let uri = try PKCS11URI(parsing:
            "pkcs11:token=ra-test?pin-source=file:/run/pin.txt&module-path=/usr/lib/softhsm/libsofthsm2.so"
            + "&module-name=softhsm2&x-custom=1")
        XCTAssertEqual(uri.pinSource, "file:/run/pin.txt")
        XCTAssertEqual(uri.modulePath, "/usr/lib/softhsm/libsofthsm2.so")
        XCTAssertEqual(uri.moduleName, "softhsm2")
        XCTAssertEqual(uri.queryValue("x-custom"), "1")
        XCTAssertFalse(uri.hasPINValue)
        XCTAssertNil(uri.pinValue)
    }

    func testSyntaxErrorsNameTheProblem() {
        let cases = ["https://example.com/key", "pkcs11:id=%zz", "pkcs11:object=a?pin-value=9999%"]
        for text in cases {
            XCTAssertThrowsError(try PKCS11URI(parsing: text), text) { error in
                guard let error = error as? PKCS11LibraryError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.code, .invalidURI)
                XCTAssertTrue(error.message.hasPrefix("invalid PKCS#11 URI \""), error.message)
                XCTAssertFalse(error.message.contains("9999"), error.message)
            }
        }
        XCTAssertThrowsError(try PKCS11URI(parsing: "https://example.com/key")) { error in
            XCTAssertTrue("\(error)".lowercased().contains("scheme"), "\(error)")
        }
    }

    func testPINsInMalformedURIsAreNeverEchoedWhateverTheirSpelling() {
        let cases = [
            "pkcs11:object=a?PIN-VALUE=SECRET1%", "pkcs11:object=a?Pin-Value=SECRET2&x=%zz", "pkcs11:object=a?pin%2Dvalue=SECRET3%",
            "pkcs11:object=a;pin-value=SECRET4;id=%zz", "pkcs11:id=%zz?pin-source=file:/SECRET5",
            "pkcs11:token=t;type=private/pin-value=SECRET6;id=%zz",
        ]
        for text in cases {
            XCTAssertThrowsError(try PKCS11URI(parsing: text), text) { error in
                let message = "\(error)"
                XCTAssertFalse(message.contains("SECRET"), message)
                XCTAssertTrue(message.contains("<redacted>"), message)
            }
        }
    }

    func testUnknownAttributesAreFlagged() throws {
        XCTAssertEqual(PKCS11URI.unknownPathAttributes(in: "pkcs11:token=a;flavour=vanilla;object=b;Colour=x?pin-value=1"), ["flavour", "Colour"])
        XCTAssertEqual(PKCS11URI.unknownPathAttributes(in: "pkcs11:token=a;slot-id=2;library-version=1.0"), [])
        XCTAssertTrue(try PKCS11URI(parsing: "pkcs11:flavour=vanilla").hasUnrecognizedAttributes)
        XCTAssertFalse(try PKCS11URI(parsing: "pkcs11:token=a").hasUnrecognizedAttributes)
    }

    func testMatchesTokenInfo() throws {
        let token = TokenInfo(
            label: "ra-test", manufacturer: "SoftHSM project", model: "SoftHSM v2",
            serialNumber: "abc123", flags: [.loginRequired])
        XCTAssertTrue(try PKCS11URI(parsing: "pkcs11:").matches(tokenInfo: token))
        XCTAssertTrue(try PKCS11URI(parsing: "pkcs11:token=ra-test").matches(tokenInfo: token))
        XCTAssertTrue(try PKCS11URI(parsing: "pkcs11:token=ra-test;serial=abc123;object=x").matches(tokenInfo: token))
        XCTAssertFalse(try PKCS11URI(parsing: "pkcs11:token=ra-second").matches(tokenInfo: token))
        XCTAssertFalse(try PKCS11URI(parsing: "pkcs11:token=ra-test;serial=zzz").matches(tokenInfo: token))
        XCTAssertFalse(try PKCS11URI(parsing: "pkcs11:token=ra").matches(tokenInfo: token))
    }

    func testMatchesRealSlotsAndModules() throws {
        let module = try SoftHSM.module()
        let slot = try SoftHSM.slot(token: "ra-test")
        XCTAssertTrue(try PKCS11URI(parsing: "pkcs11:token=ra-test").matches(slot: slot))
        XCTAssertTrue(try PKCS11URI(parsing: "pkcs11:slot-id=\(slot.id)").matches(slot: slot))
        XCTAssertFalse(try PKCS11URI(parsing: "pkcs11:slot-id=\(slot.id &+ 1)").matches(slot: slot))
        XCTAssertFalse(try PKCS11URI(parsing: "pkcs11:token=ra-second").matches(slot: slot))
        XCTAssertTrue(try PKCS11URI(parsing: "pkcs11:library-manufacturer=SoftHSM").matches(moduleInfo: module.info()))
        XCTAssertFalse(try PKCS11URI(parsing: "pkcs11:library-manufacturer=OpenSC").matches(moduleInfo: module.info()))
    }

    func testFormatsAnObjectURIThatParsesBack() throws {
        let token = TokenInfo(
            label: "ra test", manufacturer: "SoftHSM project", model: "SoftHSM v2",
            serialNumber: "abc123", flags: [])
        let text = PKCS11URI.format(token: token, objectLabel: "rsa2048", id: [0x01], objectClass: .privateKey)
        XCTAssertTrue(text.hasPrefix("pkcs11:"), text)
        XCTAssertTrue(text.contains("token=ra%20test"), text)
        XCTAssertTrue(text.contains("id=%01"), text)
        XCTAssertTrue(text.contains("type=private"), text)
        let parsed = try PKCS11URI(parsing: text)
        XCTAssertEqual(parsed.tokenLabel, "ra test")
        XCTAssertEqual(parsed.tokenSerial, "abc123")
        XCTAssertEqual(parsed.objectLabel, "rsa2048")
        XCTAssertEqual(parsed.id, [0x01])
        XCTAssertEqual(parsed.objectClass, .privateKey)
        XCTAssertTrue(parsed.matches(tokenInfo: token))
    }
}
