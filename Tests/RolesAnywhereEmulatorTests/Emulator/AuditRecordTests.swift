import Foundation
import RolesAnywhereTestSupport
import XCTest

@testable import RolesAnywhereEmulator

final class AuditRecordTests: XCTestCase {
    func testReadsWhoAskedForWhatFromTheRequest() async throws {
        let fixture = try SessionFixture()
        let request = try await SessionRequestSigner(leaf: try fixture.leaf()).received()
        var record = AuditRecord(request: request, clientAddress: "127.0.0.1", now: SessionFixture.now)
        XCTAssertEqual(
            record.jsonLine,
            #"{"clientAddress":"127.0.0.1","issuer":"CN=Fixture Root CA","outcome":"refused","#
                + #""profileArn":"arn:aws:rolesanywhere:us-east-1:123456789012:profile/profile-1","#
                + #""roleArn":"arn:aws:iam::123456789012:role/demo","serial":"81985529216486895","status":0,"#
                + #""subject":"CN=test-client","time":"2026-01-15T12:00:00Z","#
                + #""trustAnchorArn":"arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/anchor-1"}"#)
        record.outcome = "issued"
        record.status = 201
        record.accessKeyId = "ASIAAAAAAAAAAAAAAAAA"
        XCTAssertTrue(record.jsonLine.hasPrefix(#"{"accessKeyId":"ASIAAAAAAAAAAAAAAAAA","clientAddress""#), record.jsonLine)
    }

    func testReadsTheARNsOfAJSONBody() async throws {
        let fixture = try SessionFixture()
        let request = try await SessionRequestSigner(leaf: try fixture.leaf()).pythonClientReceived()
        let record = AuditRecord(request: request, clientAddress: nil, now: SessionFixture.now)
        XCTAssertEqual(record.trustAnchorArn, SessionFixture.trustAnchorARN)
        XCTAssertEqual(record.profileArn, SessionFixture.profileARN)
        XCTAssertEqual(record.roleArn, SessionFixture.roleARN)
        XCTAssertNil(record.clientAddress)
    }

    func testAGarbledRequestStillMakesARecord() {
        let request = ReceivedRequest(
            method: "POST", path: "/sessions", rawQuery: "", headers: [("X-Amz-X509", "%%%")], body: Array("{".utf8))
        let record = AuditRecord(request: request, clientAddress: "::1", now: SessionFixture.now)
        XCTAssertEqual(
            record.jsonLine, #"{"clientAddress":"::1","outcome":"refused","status":0,"time":"2026-01-15T12:00:00Z"}"#)
    }
}
