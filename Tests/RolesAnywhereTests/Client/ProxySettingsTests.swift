import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class ProxySettingsTests: XCTestCase {
    func testReadsHTTPSProxyAndNoProxy() throws {
        let proxy = try XCTUnwrap(
            ProxySettings.fromEnvironment(["HTTPS_PROXY": "http://user:pw@proxy.corp:3128/", "NO_PROXY": "localhost, .internal,127.0.0.1"]))
        XCTAssertEqual(proxy.host, "proxy.corp")
        XCTAssertEqual(proxy.port, 3128)
        XCTAssertTrue(proxy.applies(to: "rolesanywhere.us-east-1.amazonaws.com"))
        XCTAssertFalse(proxy.applies(to: "localhost"))
        XCTAssertFalse(proxy.applies(to: "api.internal"))
        XCTAssertFalse(proxy.applies(to: "127.0.0.1"))
    }

    func testNoProxyConfiguredAndWildcard() throws {
        XCTAssertNil(try ProxySettings.fromEnvironment([:]))
        let proxy = try XCTUnwrap(ProxySettings.fromEnvironment(["https_proxy": "proxy:8080", "no_proxy": "*"]))
        XCTAssertFalse(proxy.applies(to: "anything"))
        XCTAssertThrowsError(try ProxySettings.fromEnvironment(["HTTPS_PROXY": "http://proxy:notaport"]))
    }
}
