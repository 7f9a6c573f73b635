import RolesAnywhereTools
import XCTest

final class YAMLReaderTests: XCTestCase {
    func testYAMLAndJSONGiveTheSameValues() throws {
        let yaml = """
            bindings:
              - name: web
                default: true
                sessionDuration: 900
                quoted: "900"
                empty:
            """
        let json = #"{"bindings": [{"name": "web", "default": true, "sessionDuration": 900, "quoted": "900", "empty": null}]}"#
        for text in [yaml, json] {
            let top = try XCTUnwrap(try YAMLReader.read(text) as? [String: Any])
            let binding = try XCTUnwrap((top["bindings"] as? [Any])?.first as? [String: Any])
            XCTAssertEqual(binding["name"] as? String, "web")
            XCTAssertEqual(binding["default"] as? Bool, true)
            XCTAssertEqual(binding["sessionDuration"] as? Int, 900)
            XCTAssertEqual(binding["quoted"] as? String, "900")
            XCTAssertEqual(binding["empty"] as? YAMLReader.Null, YAMLReader.null)
        }
    }

    func testDuplicateKeysAliasesAndBrokenTextAreFailuresWithTheirLine() {
        let cases: [(String, String)] = [
            ("a: 1\na: 2\n", "the key 'a' is given twice (line 2)"),
            ("base: &b 1\nother: *b\n", "aliases (*name) are not supported (line 2)"),
            ("a: [1, 2\n", "(line 2)"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try YAMLReader.read(text)) { error in
                XCTAssertTrue("\(error)".hasSuffix(expected) || "\(error)".contains(expected), "\(error)")
            }
        }
    }
}
