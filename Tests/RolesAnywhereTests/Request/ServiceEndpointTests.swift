import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class ServiceEndpointTests: XCTestCase {
    func testRegionalEndpointsAndPartitions() {
        XCTAssertEqual(ServiceEndpoint.regional(region: "eu-west-1").description, "https://rolesanywhere.eu-west-1.amazonaws.com")
        XCTAssertEqual(ServiceEndpoint.regional(region: "cn-north-1").description, "https://rolesanywhere.cn-north-1.amazonaws.com.cn")
        XCTAssertEqual(
            ServiceEndpoint.regional(region: "us-gov-west-1", fips: true).description,
            "https://rolesanywhere-fips.us-gov-west-1.amazonaws.com")
    }

    func testParsingOverrides() throws {
        XCTAssertEqual(try ServiceEndpoint(parsing: "https://127.0.0.1:8443").hostHeader, "127.0.0.1:8443")
        XCTAssertEqual(try ServiceEndpoint(parsing: "https://example.com:443/").hostHeader, "example.com")
        XCTAssertEqual(try ServiceEndpoint(parsing: "http://localhost:80").description, "http://localhost")
        XCTAssertEqual(try ServiceEndpoint(parsing: "example.com:9000").description, "https://example.com:9000")
        XCTAssertEqual(try ServiceEndpoint(parsing: "https://[::1]:8443").hostHeader, "[::1]:8443")
    }

    func testBadEndpointsAreRefusedWithTheReason() {
        for (value, fragment) in [
            ("ftp://x", "the scheme must be https or http"), ("https://x:99999", "the port must be 1 to 65535"),
            ("https://x/other", "it must not have a path"), ("https://:80", "the host is empty"),
        ] {
            XCTAssertThrowsError(try ServiceEndpoint(parsing: value)) { error in
                XCTAssertTrue((error as? RolesAnywhereError)?.message.contains(fragment) == true, "\(value): \(error)")
            }
        }
    }
}
