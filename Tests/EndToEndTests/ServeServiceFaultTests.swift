import Foundation
import RolesAnywhereTestSupport
import XCTest

/// `serve` through a CreateSession outage (FaultServer answering 500): the last good
/// credentials until they expire, then an error status, then new credentials once the service
/// is back; retries stay bounded. Short sessions (4 s) and `--refresh-margin 3` keep it to seconds.
final class ServeServiceFaultTests: XCTestCase {
    /// The `AccessKeyId` and `Code` of a credential document.
    private func fields(_ body: String) -> (accessKeyID: String?, code: String?) {
        let document = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        return (document?["AccessKeyId"] as? String, document?["Code"] as? String)
    }

    /// The most refreshes that may start in `seconds` of outage: a failed refresh lasts at least
    /// 0.7 s (the client's three retries wait 100 + 200 + 400 ms at least) and the refresher
    /// then waits at least 0.5 s × 2^(n-1) after its n-th failure in a row.
    static func refreshBound(seconds: TimeInterval) -> Int {
        var attempts = 1
        var nextStart = 0.0
        while true {
            nextStart += 0.7 + 0.5 * pow(2, Double(attempts - 1))
            if nextStart > seconds { return attempts }
            attempts += 1
        }
    }

    func testAnOutageServesTheLastGoodCredentialsThenAnErrorThenRecovers() async throws {
        let fixture = try EndToEndFixture.get()
        let service = try await FaultServer(behavior: .issue(lifetime: 4), folder: fixture.files.directory)
        defer { service.stop() }
        let command = try LongRunningCommand(
            ["serve", "--port", "0", "--refresh-margin", "3"] + (try ServeFixture.keyArguments(fixture, name: "serve-fault"))
                + ServeFixture.sessionArguments(fixture, server: service))
        let exports = LongRunningCommand.exports(try command.lines(1))
        // The outage starts at once (the first refresh is due 2 s after the first fetch).
        service.setBehavior(.respond(status: 500, errorType: "InternalServerException", body: "{}"))
        let outageStart = Date()
        XCTAssertEqual(service.requestCount, 1, "only the first fetch happened before the outage")
        let client = MetadataClient(endpoint: try XCTUnwrap(exports["AWS_EC2_METADATA_SERVICE_ENDPOINT"]))
        let token = try await client.token()
        let first = try await client.credentials(token: token, role: ServeFixture.roleName)
        XCTAssertEqual(first.status, 200, first.body)
        let lastGood = try XCTUnwrap(fields(first.body).accessKeyID)

        var served: Set<String> = []
        var unavailable: (status: Int, body: String)?
        while unavailable == nil, Date() < outageStart.addingTimeInterval(20) {
            let answer = try await client.credentials(token: token, role: ServeFixture.roleName)
            if answer.status == 200 { served.insert(fields(answer.body).accessKeyID ?? "") } else { unavailable = answer }
            try await Task.sleep(for: .milliseconds(200))
        }
        XCTAssertEqual(served, [lastGood], "only the last good credentials are served while they last")
        let failure = try XCTUnwrap(unavailable, "no error status after the credentials expired")
        XCTAssertEqual(failure.status, 503)
        XCTAssertEqual(fields(failure.body).code, "CredentialsUnavailable")
        XCTAssertNil(fields(failure.body).accessKeyID, "never credentials in an error document")

        // The outage goes on for 3 s more: error documents only, and no burst of retries.
        let stillDown = Date().addingTimeInterval(3)
        while Date() < stillDown {
            let answer = try await client.credentials(token: token, role: ServeFixture.roleName)
            XCTAssertEqual(answer.status, 503)
            XCTAssertNil(fields(answer.body).accessKeyID)
            try await Task.sleep(for: .milliseconds(200))
        }
        let outageRequests = service.requestCount - 1
        let outageSeconds = Date().timeIntervalSince(outageStart)
        service.setBehavior(.issue(lifetime: 3600))
        var recovered: String?
        let recoveryStart = Date()
        while recovered == nil, Date() < recoveryStart.addingTimeInterval(40) {
            try await Task.sleep(for: .milliseconds(200))
            let answer = try await client.credentials(token: token, role: ServeFixture.roleName)
            if answer.status == 200 { recovered = fields(answer.body).accessKeyID }
        }
        XCTAssertNotNil(recovered, "serve did not recover once the service was back")
        XCTAssertNotEqual(recovered, lastGood)

        // Each failed refresh is one request and three retries; the IMDS requests above (one
        // every 200 ms) must not add any.
        XCTAssertGreaterThan(outageRequests, 0)
        XCTAssertLessThanOrEqual(
            outageRequests, 4 * Self.refreshBound(seconds: outageSeconds), "\(outageRequests) CreateSession requests in \(outageSeconds) s")
        let ending = command.stop()
        XCTAssertEqual(ending.status, 0, ending.stderr)
    }
}
