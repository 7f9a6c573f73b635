import PKCS11
import XCTest

final class PINTests: XCTestCase {
    func testPINIsNeverPrinted() {
        let pin = PIN("1234")
        XCTAssertEqual(pin.description, "<redacted>")
        XCTAssertEqual("\(pin)", "<redacted>")
        XCTAssertEqual(String(reflecting: pin), "<redacted>")
        var dumped = ""
        dump(pin, to: &dumped)
        XCTAssertFalse(dumped.contains("1234"), dumped)
    }

    func testPINKeepsItsBytes() {
        XCTAssertEqual(PIN("1234").count, 4)
        XCTAssertEqual(PIN(bytes: [0x31, 0x32]).count, 2)
        XCTAssertTrue(PIN("").isEmpty)
    }

    func testPINFromBytesLogsIn() throws {
        let session = try SoftHSM.slot(token: "ra-test").openSession()
        XCTAssertNoThrow(try session.login(.user, pin: PIN(bytes: Array("1234".utf8))))
    }
}
