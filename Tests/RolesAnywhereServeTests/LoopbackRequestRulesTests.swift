import Foundation
import RolesAnywhereTestSupport
import XCTest

@testable import RolesAnywhereServe

/// DNS rebinding: a web page that makes the browser resolve its own name to 127.0.0.1 sends
/// `Host: evil.example:PORT` and `Origin: http://evil.example:PORT`. Such requests get neither a
/// token nor credentials; only `127.0.0.1:PORT`, `[::1]:PORT` and `localhost:PORT` are served.
final class LoopbackRequestRulesTests: XCTestCase {
    private func request(_ method: String, _ path: String, host: String?, extra: [String] = []) -> [String] {
        ["\(method) \(path) HTTP/1.1"] + (host.map { ["Host: \($0)"] } ?? []) + extra + ["Connection: close"]
    }

    func testRebindingRequestsGetNoTokenAndNoCredentials() async throws {
        try await RunningCredentialServer.with { server in
            let port = server.port
            let token = try await server.token()
            let role = "/latest/meta-data/iam/security-credentials/\(RunningCredentialServer.roleName)"
            let hostileHosts = ["evil.example:\(port)", "127.0.0.1.evil.example:\(port)", "127.0.0.1:\(port + 1)", "127.0.0.1"]
            for host in hostileHosts {
                let tokenAnswer = try RawHTTPExchange.send(
                    port: port, lines: request("PUT", "/latest/api/token", host: host, extra: ["X-aws-ec2-metadata-token-ttl-seconds: 60"]))
                XCTAssertEqual(tokenAnswer.status, 403, host)
                XCTAssertEqual(
                    tokenAnswer.body, "the Host header must be 127.0.0.1:\(port), [::1]:\(port) or localhost:\(port)", host)
                let credentials = try RawHTTPExchange.send(
                    port: port, lines: request("GET", role, host: host, extra: ["X-aws-ec2-metadata-token: \(token)"]))
                XCTAssertEqual(credentials.status, 403, host)
                XCTAssertFalse(credentials.body.contains("SecretAccessKey"))
            }
            let missing = try RawHTTPExchange.send(port: port, lines: request("GET", role, host: nil, extra: ["X-aws-ec2-metadata-token: \(token)"]))
            XCTAssertEqual(missing.status, 403)
            for host in ["127.0.0.1:\(port)", "localhost:\(port)", "LOCALHOST:\(port)"] {
                let withOrigin = try RawHTTPExchange.send(
                    port: port, lines: request("GET", role, host: host, extra: ["X-aws-ec2-metadata-token: \(token)", "Origin: http://evil.example"]))
                XCTAssertEqual(withOrigin.status, 403, host)
                XCTAssertEqual(withOrigin.body, "requests from web pages (Origin) are refused")
                let plain = try RawHTTPExchange.send(port: port, lines: request("GET", role, host: host, extra: ["X-aws-ec2-metadata-token: \(token)"]))
                XCTAssertEqual(plain.status, 200, host)
                XCTAssertTrue(plain.body.contains("\"SecretAccessKey\""), host)
            }
            let container = try RawHTTPExchange.send(
                port: port,
                lines: request(
                    "GET", CredentialService.containerPath, host: "evil.example:\(port)",
                    extra: ["Authorization: \(RunningCredentialServer.containerToken)"]))
            XCTAssertEqual(container.status, 403)
        }
    }

    func testHeldCredentialsAreAnsweredAtOnceWhileTheRefreshFails() async throws {
        try await RunningCredentialServer.with(refreshMargin: 900) { server in
            let token = try await server.token()
            let first = try await server.instanceCredentials(token: token)
            XCTAssertEqual(first.status, 200)
            server.fetch.setFailing(true)
            server.clock.advance(3000)  // inside the margin, 600 s left
            let answer = try await server.instanceCredentials(token: token)
            XCTAssertEqual(answer.status, 200)
            XCTAssertEqual(answer.body, first.body, "the held credentials, with the time they were fetched")
        }
    }
}
