import Foundation
import XCTest

@testable import RolesAnywhereServe

/// The IP TTL (IPv6 hop limit) set on accepted sockets, read back from the socket through `observeHopLimit`.
final class HopLimitTests: XCTestCase {
    func testAcceptedSocketsCarryTheConfiguredHopLimit() async throws {
        for hopLimit in [1, 3] {
            try await RunningCredentialServer.with(hopLimit: hopLimit) { server in
                _ = try await server.token()
                let observed = server.hopLimits
                XCTAssertFalse(observed.isEmpty, "no accepted socket was observed")
                XCTAssertEqual(Set(observed), [CInt(hopLimit)], "hop limit \(hopLimit)")
            }
        }
    }

    func testIPv6SocketsCarryTheConfiguredHopLimit() async throws {
        let server: RunningCredentialServer
        do {
            server = try await RunningCredentialServer(host: "::1", hopLimit: 2)
        } catch {
            throw XCTSkip("no IPv6 loopback here: \(error)")
        }
        do {
            _ = try await server.token()
            XCTAssertEqual(Set(server.hopLimits), [2])
        } catch {
            XCTFail("\(error)")
        }
        await server.stop()
    }
}
