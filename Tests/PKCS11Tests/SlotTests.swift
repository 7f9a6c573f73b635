import PKCS11
import XCTest

final class SlotTests: XCTestCase {
    func testTokenInfoIsTrimmedAndFlagged() throws {
        let info = try SoftHSM.slot(token: "ra-test").tokenInfo()
        XCTAssertEqual(info.label, "ra-test")
        XCTAssertEqual(info.manufacturer, "SoftHSM project")
        XCTAssertEqual(info.model, "SoftHSM v2")
        XCTAssertEqual(info.serialNumber.count, 16)
        XCTAssertFalse(info.serialNumber.hasSuffix(" "))
        XCTAssertTrue(info.flags.contains([.loginRequired, .tokenInitialized, .userPinInitialized]))
        XCTAssertFalse(info.flags.contains(.userPinLocked))
        XCTAssertFalse(info.flags.contains(.userPinFinalTry))
        XCTAssertFalse(info.flags.contains(.protectedAuthenticationPath))
        XCTAssertEqual(info.minPinLength, 4)
    }

    func testSlotInfoSaysATokenIsPresent() throws {
        let info = try SoftHSM.slot(token: "ra-test").slotInfo()
        XCTAssertTrue(info.flags.contains(.tokenPresent))
        XCTAssertFalse(info.slotDescription.isEmpty)
    }

    func testMechanismListHasTheSigningMechanisms() throws {
        let mechanisms = try SoftHSM.slot(token: "ra-test").mechanisms()
        XCTAssertTrue(mechanisms.contains(.sha256RSAPKCS))
        XCTAssertTrue(mechanisms.contains(.rsaPKCS))
        XCTAssertTrue(mechanisms.contains(.ecdsa))
        XCTAssertTrue(mechanisms.contains(.rsaPKCSKeyPairGen))
        XCTAssertTrue(mechanisms.contains(.ecKeyPairGen))
        XCTAssertEqual(MechanismType.sha256RSAPKCS.description, "CKM_SHA256_RSA_PKCS")
    }

    func testEmptySlotsAreListedOnlyOnRequest() throws {
        let module = try SoftHSM.module()
        let withToken = try module.slots()
        let all = try module.slots(withTokenPresent: false)
        XCTAssertGreaterThanOrEqual(all.count, withToken.count)
        XCTAssertTrue(Set(withToken).isSubset(of: Set(all)))
    }
}
