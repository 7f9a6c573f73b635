import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class DecimalSerialNumberTests: XCTestCase {
    func testOneBitSerial() {
        XCTAssertEqual(DecimalSerialNumber.string(fromBigEndian: [0x01]), "1")
    }

    func testTwentyBitSerial() {
        // 0xFFFFF = 2^20 - 1
        XCTAssertEqual(DecimalSerialNumber.string(fromBigEndian: [0x0F, 0xFF, 0xFF]), "1048575")
        XCTAssertEqual(DecimalSerialNumber.string(fromBigEndian: [0x00, 0x08, 0x00, 0x00]), "524288")
    }

    func testOneHundredSixtyBitSerial() {
        // 2^160 - 1 and 2^159, the largest serials RFC 5280 allows (20 octets).
        XCTAssertEqual(
            DecimalSerialNumber.string(fromBigEndian: [UInt8](repeating: 0xFF, count: 20)),
            "1461501637330902918203684832716283019655932542975")
        XCTAssertEqual(
            DecimalSerialNumber.string(fromBigEndian: [0x80] + [UInt8](repeating: 0, count: 19)),
            "730750818665451459101842416358141509827966271488")
    }

    func testZeroAndLeadingZeros() {
        XCTAssertEqual(DecimalSerialNumber.string(fromBigEndian: []), "0")
        XCTAssertEqual(DecimalSerialNumber.string(fromBigEndian: [0, 0]), "0")
        XCTAssertEqual(DecimalSerialNumber.string(fromBigEndian: [0x00, 0x15]), "21")
        XCTAssertEqual(DecimalSerialNumber.string(fromBigEndian: [0x3B, 0x9A, 0xCA, 0x00]), "1000000000")
    }
}
