import Foundation
import XCTest

@testable import RolesAnywhereServe

/// IMDSv2 session tokens over HTTP: the TTL rules, 401 without a valid token, the 256-token limit.
final class MetadataTokenRouteTests: XCTestCase {
    private let ttlHeader = "X-aws-ec2-metadata-token-ttl-seconds"

    func testTokenTTLMustBeAWholeNumberFrom1To21600() async throws {
        try await RunningCredentialServer.with { server in
            for bad in ["0", "21601", "-1", "sixty", "1.5", ""] {
                let answer = try await server.send(.PUT, "/latest/api/token", headers: [(ttlHeader, bad)])
                XCTAssertEqual(answer.status, 400, "TTL '\(bad)'")
                XCTAssertEqual(answer.body, "X-aws-ec2-metadata-token-ttl-seconds must be 1 to 21600")
            }
            let missing = try await server.send(.PUT, "/latest/api/token")
            XCTAssertEqual(missing.status, 400, "no TTL header")
            for good in [1, 21_600] {
                let answer = try await server.send(.PUT, "/latest/api/token", headers: [(ttlHeader, String(good))])
                XCTAssertEqual(answer.status, 200, "TTL \(good)")
                XCTAssertEqual(answer.headers.first(name: ttlHeader), String(good))
                XCTAssertEqual(answer.body.count, 44, "32 random bytes, base64url")
            }
        }
    }

    func testMissingWrongAndExpiredTokensAre401OnBothRoutes() async throws {
        try await RunningCredentialServer.with { server in
            let shortLived = try await server.token(ttl: 1)
            server.clock.advance(1)
            for token in [nil, "wrong-token", shortLived] as [String?] {
                let headers = token.map { [("X-aws-ec2-metadata-token", $0)] } ?? []
                let roles = try await server.send(.GET, "/latest/meta-data/iam/security-credentials/", headers: headers)
                XCTAssertEqual(roles.status, 401)
                let credentials = try await server.instanceCredentials(token: token)
                XCTAssertEqual(credentials.status, 401)
                XCTAssertFalse(credentials.body.contains("ASIA"))
            }
            XCTAssertEqual(server.fetch.callCount, 0, "no credentials are fetched for unauthorized requests")
        }
    }

    func testTheRoleIsListedAndAnotherRoleIs404() async throws {
        try await RunningCredentialServer.with { server in
            let token = try await server.token()
            for path in ["/latest/meta-data/iam/security-credentials/", "/latest/meta-data/iam/security-credentials"] {
                let roles = try await server.send(.GET, path, headers: [("X-aws-ec2-metadata-token", token)])
                XCTAssertEqual(roles.status, 200, path)
                XCTAssertEqual(roles.body, RunningCredentialServer.roleName, path)
            }
            let other = try await server.instanceCredentials(token: token, role: "other-role")
            XCTAssertEqual(other.status, 404)
        }
    }

    func testThe257thTokenPushesOutTheFirstOne() async throws {
        try await RunningCredentialServer.with { server in
            var tokens: [String] = []
            for _ in 0..<257 { tokens.append(try await server.token()) }
            XCTAssertEqual(Set(tokens).count, 257)
            var statuses: [Int] = []
            for token in tokens {
                let answer = try await server.send(
                    .GET, "/latest/meta-data/iam/security-credentials/", headers: [("X-aws-ec2-metadata-token", token)])
                statuses.append(answer.status)
            }
            XCTAssertEqual(statuses, [401] + Array(repeating: 200, count: 256))
            XCTAssertEqual(server.tokens.liveCount(now: server.clock.now()), 256)
        }
    }
}

