import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class ObjectIDTests: XCTestCase {
    func testParsesHexInItsUsualSpellings() throws {
        XCTAssertEqual(try ObjectID.parse("01"), [0x01])
        XCTAssertEqual(try ObjectID.parse("0xA1b2"), [0xA1, 0xB2])
        XCTAssertEqual(try ObjectID.parse("a1:b2:c3"), [0xA1, 0xB2, 0xC3])
        XCTAssertEqual(ObjectID.hex([0x0A, 0xFF]), "0aff")
        XCTAssertEqual(ObjectID.random().count, 8)
    }

    func testRefusesOddOrNonHexText() {
        for text in ["", "1", "zz", "0x", String(repeating: "00", count: 65)] {
            XCTAssertThrowsError(try ObjectID.parse(text), text)
        }
    }
}
