import Foundation
import RolesAnywhereEmulator
import XCTest

/// The hand-written JSON writer of CloudTrail records and CreateSession answers, compared whole.
final class JSONValueTextTests: XCTestCase {
    func testWritesSortedCompactJSON() {
        let value = JSONValue.object([
            "b": .array([.number(1), .number(2.5), .bool(true), .null]), "a": .string("x/y"), "c": .object(["z": .string(""), "y": .bool(false)]),
        ])
        XCTAssertEqual(value.text, #"{"a":"x/y","b":[1,2.5,true,null],"c":{"y":false,"z":""}}"#)
    }

    func testEscapesWhatJSONRequiresAndKeepsTheRest() {
        XCTAssertEqual(JSONValue.string("q\"b\\n\nr\rt\t\u{1}é😀").text, #""q\"b\\n\nr\rt\t\u0001é😀""#)
    }

    func testFoundationReadsBackWhatItWrites() throws {
        let value = JSONValue.object(["subject": .string("CN=Doe\\, Jane,O=\"Corp\""), "serial": .string("0a1b"), "n": .number(3600)])
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(value.text.utf8))
        XCTAssertEqual(decoded, value)
    }
}
