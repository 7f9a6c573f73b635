import Foundation
import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class TimestampTests: XCTestCase {
    func testAmzDateRoundTrip() throws {
        let date = AmzDate(Date(timeIntervalSince1970: 1_720_265_939.75))
        XCTAssertEqual(date.timestamp, "20240706T113859Z")
        XCTAssertEqual(date.day, "20240706")
        XCTAssertEqual(AmzDate(parsing: "20240706T113859Z")?.date, Date(timeIntervalSince1970: 1_720_265_939))
        XCTAssertNil(AmzDate(parsing: "20240230T000000Z"), "February 30th does not exist")
        XCTAssertNil(AmzDate(parsing: "2024-07-06T11:38:59Z"))
    }

    func testISO8601FormsAWSUses() {
        XCTAssertEqual(ISO8601Timestamp.string(from: Date(timeIntervalSince1970: 0)), "1970-01-01T00:00:00Z")
        XCTAssertEqual(ISO8601Timestamp.string(from: Date(timeIntervalSince1970: 951_782_400)), "2000-02-29T00:00:00Z")
        XCTAssertEqual(ISO8601Timestamp.date(from: "2025-12-11T16:34:25Z"), Date(timeIntervalSince1970: 1_765_470_865))
        XCTAssertEqual(ISO8601Timestamp.date(from: "2025-12-11T16:34:25.500Z"), Date(timeIntervalSince1970: 1_765_470_865.5))
        XCTAssertEqual(ISO8601Timestamp.date(from: "2025-12-11T17:34:25+01:00"), Date(timeIntervalSince1970: 1_765_470_865))
        XCTAssertNil(ISO8601Timestamp.date(from: "2025-12-11 16:34:25"))
        XCTAssertNil(ISO8601Timestamp.date(from: "yesterday"))
    }
}
