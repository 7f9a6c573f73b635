import Foundation
import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class DoctorFindingTests: XCTestCase {
    func testLinesHaveTheirFixedShape() {
        XCTAssertEqual(DoctorFinding(.keyMatch, .ok, "fine").line, "ok   key-match: fine")
        XCTAssertEqual(DoctorFinding(.clock, .fail, "off by 10 min", fix: "use NTP").line, "FAIL clock: off by 10 min - use NTP")
        XCTAssertEqual(DoctorFinding(.chain, .skip, "no --trust-anchor-ca given").line, "skip chain: no --trust-anchor-ca given")
        XCTAssertEqual(DoctorCheck.all.map(\.name), [
            "module", "token", "pin", "key", "certificate", "key-match", "validity", "usage", "chain", "arns", "endpoint", "clock",
            "create-session",
        ])
    }

    func testTheCoreErrorsOwnAdviceMakesWayForTheFix() {
        XCTAssertEqual(
            DoctorRun.withoutAdvice("the private key 'k' does not belong to the certificate CN=x: give the key the certificate was issued for"),
            "the private key 'k' does not belong to the certificate CN=x")
        XCTAssertEqual(DoctorRun.withoutAdvice("cannot read 'f': no such file"), "cannot read 'f': no such file")
    }

    func testHTTPDatesAndDurations() {
        let date = Date(timeIntervalSince1970: 784_111_777)
        XCTAssertEqual(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT"), date)
        XCTAssertEqual(HTTPDate.string(from: date), "Sun, 06 Nov 1994 08:49:37 GMT")
        XCTAssertNil(HTTPDate.parse("yesterday"))
        XCTAssertEqual(DoctorRun.duration(12), "12 s")
        XCTAssertEqual(DoctorRun.duration(603), "10 min 3 s")
        XCTAssertEqual(DoctorRun.duration(7_260), "2 h 1 min")
    }
}
