import Foundation
import RolesAnywhere
import XCTest

@testable import RolesAnywhereServe

/// The credential documents: exact IMDS and container shapes, container authorization, and
/// an error status (never `Code: Success` with empty fields) when no valid credentials remain.
final class CredentialRouteTests: XCTestCase {
    func testInstanceMetadataDocumentIsExact() async throws {
        try await RunningCredentialServer.with { server in
            let token = try await server.token()
            let answer = try await server.instanceCredentials(token: token)
            XCTAssertEqual(answer.status, 200)
            XCTAssertEqual(answer.headers.first(name: "Content-Type"), "application/json")
            XCTAssertEqual(
                answer.body,
                #"{"Code":"Success","LastUpdated":"2025-12-11T15:34:25Z","Type":"AWS-HMAC","AccessKeyId":"ASIAEXAMPLEEXAMPLE12","SecretAccessKey":"secret/with+chars","Token":"token\"quoted","Expiration":"2025-12-11T16:34:25Z"}"#
            )
        }
    }

    func testContainerDocumentNeedsTheAuthorizationToken() async throws {
        try await RunningCredentialServer.with { server in
            for headers in [[], [("Authorization", "wrong")], [("Authorization", RunningCredentialServer.containerToken + "x")]] {
                let refused = try await server.send(.GET, CredentialService.containerPath, headers: headers)
                XCTAssertEqual(refused.status, 401)
                XCTAssertEqual(refused.body, #"{"Code":"Unauthorized","Message":"missing or wrong Authorization token"}"#)
            }
            XCTAssertEqual(server.fetch.callCount, 0)
            let answer = try await server.send(
                .GET, CredentialService.containerPath, headers: [("Authorization", RunningCredentialServer.containerToken)])
            XCTAssertEqual(answer.status, 200)
            XCTAssertEqual(answer.headers.first(name: "Content-Type"), "application/json")
            XCTAssertEqual(
                answer.body,
                #"{"AccessKeyId":"ASIAEXAMPLEEXAMPLE12","SecretAccessKey":"secret/with+chars","Token":"token\"quoted","Expiration":"2025-12-11T16:34:25Z"}"#
            )
        }
    }

    func testAnOutageServesHeldCredentialsUntilExpiryThenAnErrorDocument() async throws {
        try await RunningCredentialServer.with(refreshMargin: 300) { server in
            try await server.refresher.refresh()
            server.fetch.setFailing(true)
            let token = try await server.token()
            server.clock.advance(3500)  // 100 s left: inside the margin, the refresh fails, the held ones are served
            let stale = try await server.instanceCredentials(token: token)
            XCTAssertEqual(stale.status, 200)
            XCTAssertTrue(stale.body.contains(#""AccessKeyId":"ASIAEXAMPLEEXAMPLE12""#), stale.body)

            server.clock.advance(100)  // expired
            let imds = try await server.instanceCredentials(token: token)
            let container = try await server.send(
                .GET, CredentialService.containerPath, headers: [("Authorization", RunningCredentialServer.containerToken)])
            for answer in [imds, container] {
                XCTAssertEqual(answer.status, 503)
                XCTAssertEqual(answer.headers.first(name: "Content-Type"), "application/json")
                let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: String])
                XCTAssertEqual(document["Code"], "CredentialsUnavailable")
                XCTAssertEqual(
                    document["Message"], "no valid credentials: the service failed with HTTP 500; try again later")
                XCTAssertNil(document["AccessKeyId"])
            }

            server.fetch.setFailing(false)
            server.clock.advance(120)  // past any backoff (at most 60 s): fetched again
            let recovered = try await server.instanceCredentials(token: token)
            XCTAssertEqual(recovered.status, 200)
            XCTAssertTrue(recovered.body.hasSuffix(#""Expiration":"2025-12-11T17:36:25Z"}"#), recovered.body)
        }
    }
}
