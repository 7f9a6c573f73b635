import X509
import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class SubjectNameTests: XCTestCase {
    func testCommaFormRoundTripsThroughTheDescription() throws {
        let name = try SubjectName.parse("CN=laptop,OU=Platform,O=Example Corp,L=Berlin,ST=Berlin,C=de")
        XCTAssertEqual(name.description, "CN=laptop,OU=Platform,O=Example Corp,L=Berlin,ST=Berlin,C=DE")
        XCTAssertEqual(name.first?.first?.type, .RDNAttributeType.countryName, "DER lists the most general name first")
    }

    func testSlashFormIsOpenSSLOrder() throws {
        XCTAssertEqual(try SubjectName.parse("/O=Example/CN=client").description, "CN=client,O=Example")
    }

    func testEscapedCommasAndSpaces() throws {
        XCTAssertEqual(
            try SubjectName.parse(" CN = Doe\\, Jane , O=Example ").first { $0.first?.type == .RDNAttributeType.commonName }
                .flatMap { $0.first.flatMap { String($0.value) } },
            "Doe, Jane")
    }

    func testRefusals() {
        for (text, fragment) in [
            ("", "is empty"), ("CN", "without '='"), ("CN=", "empty CN value"), ("E=me@example.com", "the attribute 'E'"),
            ("C=Germany", "two letters"),
        ] {
            XCTAssertThrowsError(try SubjectName.parse(text), text) { error in
                let error = error as? RolesAnywhereError
                XCTAssertEqual(error?.code, .invalidArgument)
                XCTAssertTrue(error?.message.contains(fragment) == true, "\(text): \(error?.message ?? "")")
            }
        }
    }
}
