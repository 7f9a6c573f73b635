import Foundation
import XCTest

@testable import RolesAnywhereServe

/// Requests that came through a proxy (`X-Forwarded-For`) are refused on every route, even
/// with a valid token or container authorization, as IMDSv2 does.
final class ForwardedRequestRefusalTests: XCTestCase {
    func testEveryRouteRefusesForwardedRequests() async throws {
        try await RunningCredentialServer.with { server in
            let token = try await server.token()
            let forwarded = ("X-Forwarded-For", "203.0.113.7")
            let requests: [(method: String, path: String, headers: [(String, String)])] = [
                ("PUT", "/latest/api/token", [("X-aws-ec2-metadata-token-ttl-seconds", "60")]),
                ("GET", "/latest/meta-data/iam/security-credentials/", [("X-aws-ec2-metadata-token", token)]),
                ("GET", "/latest/meta-data/iam/security-credentials/\(RunningCredentialServer.roleName)",
                 [("X-aws-ec2-metadata-token", token)]),
                ("GET", CredentialService.containerPath, [("Authorization", RunningCredentialServer.containerToken)]),
            ]
            for request in requests {
                let answer = try await server.send(.init(rawValue: request.method), request.path, headers: request.headers + [forwarded])
                XCTAssertEqual(answer.status, 400, "\(request.method) \(request.path)")
                XCTAssertEqual(answer.body, "requests through a proxy (X-Forwarded-For) are refused")
                let plain = try await server.send(.init(rawValue: request.method), request.path, headers: request.headers)
                XCTAssertEqual(plain.status, 200, "\(request.method) \(request.path) without the header")
            }
        }
    }
}
