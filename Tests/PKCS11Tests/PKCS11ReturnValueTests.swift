import PKCS11
import XCTest

final class PKCS11ReturnValueTests: XCTestCase {
    func testStandardNames() {
        XCTAssertEqual(PKCS11ReturnValue(rawValue: 0xA0).name, "CKR_PIN_INCORRECT")
        XCTAssertEqual(PKCS11ReturnValue(rawValue: 0xA0), .pinIncorrect)
        XCTAssertEqual(PKCS11ReturnValue.ok.name, "CKR_OK")
        XCTAssertEqual(PKCS11ReturnValue.userAlreadyLoggedIn.name, "CKR_USER_ALREADY_LOGGED_IN")
        XCTAssertEqual(PKCS11ReturnValue.functionRejected.name, "CKR_FUNCTION_REJECTED")
        XCTAssertEqual(PKCS11ReturnValue.cryptokiAlreadyInitialized.rawValue, 0x191)
        XCTAssertEqual("\(PKCS11ReturnValue.pinLocked)", "CKR_PIN_LOCKED")
    }

    func testVendorCodesAreKeptAndPrinted() {
        let vendor = PKCS11ReturnValue(rawValue: 0x8000_0042)
        XCTAssertTrue(vendor.isVendorDefined)
        XCTAssertEqual(vendor.rawValue, 0x8000_0042)
        XCTAssertEqual(vendor.name, "CKR_VENDOR_DEFINED+0x42")
        XCTAssertEqual(PKCS11ReturnValue.vendorDefined.name, "CKR_VENDOR_DEFINED")
        XCTAssertFalse(PKCS11ReturnValue.pinIncorrect.isVendorDefined)
    }

    func testUnknownStandardRangeCodeIsPrintedInHex() {
        XCTAssertEqual(PKCS11ReturnValue(rawValue: 0x4242).name, "CKR_0x4242")
    }

    func testErrorDescriptionNamesFunctionAndCode() {
        let error = PKCS11Error(code: .pinIncorrect, function: "C_Login")
        XCTAssertEqual(error.description, "C_Login failed: CKR_PIN_INCORRECT")
        XCTAssertEqual(error.localizedDescription, "C_Login failed: CKR_PIN_INCORRECT")
        let vendor = PKCS11Error(code: PKCS11ReturnValue(rawValue: 0x8000_0001), function: "C_Sign")
        XCTAssertEqual("\(vendor)", "C_Sign failed: CKR_VENDOR_DEFINED+0x1")
    }
}
