import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import RolesAnywhere
import RolesAnywhereTestSupport
import Synchronization
import XCTest

@testable import RolesAnywhereServe

/// A clock that tests set by hand, shared by the service (tokens, `LastUpdated`) and the refresher.
final class ServeClock: Sendable {
    private let instant: Mutex<Date>

    /// Starts at 2025-12-11T15:34:25Z.
    init(_ start: Date = Date(timeIntervalSince1970: 1_765_467_265)) { instant = Mutex(start) }

    /// The current instant.
    @Sendable func now() -> Date { instant.withLock { $0 } }

    /// Moves the clock forward by `seconds`.
    func advance(_ seconds: TimeInterval) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A stand-in for CreateSession: fixed keys valid for an hour from the clock's now (at the
/// clock's start: until 2025-12-11T16:34:25Z), or a failure.
final class ScriptedFetch: Sendable {
    private let clock: ServeClock
    private let failing = Atomic<Bool>(false)
    private let calls = Atomic<Int>(0)

    init(clock: ServeClock) { self.clock = clock }

    /// How many times the refresher called the fetch.
    var callCount: Int { calls.load(ordering: .relaxed) }

    /// Makes later calls fail (true) or succeed (false).
    func setFailing(_ value: Bool) { failing.store(value, ordering: .relaxed) }

    /// The fetch closure given to the refresher.
    @Sendable func fetch() async throws -> AWSCredentials {
        calls.add(1, ordering: .relaxed)
        if failing.load(ordering: .relaxed) {
            throw RolesAnywhereError(.serviceUnavailable, "the service failed with HTTP 500; try again later")
        }
        return AWSCredentials(
            accessKeyID: "ASIAEXAMPLEEXAMPLE12", secretAccessKey: "secret/with+chars", sessionToken: "token\"quoted",
            expiration: clock.now().addingTimeInterval(3600))
    }
}

/// The hop limits read back from accepted sockets.
final class HopLimitLog: Sendable {
    private let values = Mutex<[CInt]>([])

    /// Everything recorded so far.
    var all: [CInt] { values.withLock { $0 } }

    /// Records one socket's value.
    @Sendable func record(_ value: CInt) { values.withLock { $0.append(value) } }
}

/// An HTTP answer: status, headers, body text.
struct ServeAnswer: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: String
}

/// ``CredentialServer`` running in this process on loopback, port 0, over a ``ScriptedFetch``
/// and a ``ServeClock``, with an HTTP client; ``stop()`` ends both.
final class RunningCredentialServer: Sendable {
    static let roleName = "test-role"
    static let containerToken = "container-secret-token"

    let clock = ServeClock()
    let fetch: ScriptedFetch
    let refresher: CredentialRefresher
    let tokens = MetadataTokenStore()
    let port: Int
    /// The host part of URLs: `127.0.0.1` or `[::1]`.
    let urlHost: String
    let client: HTTPClient
    private let hopLimitLog = HopLimitLog()
    private let task: Task<Void, any Error>

    /// The hop limits read back from the sockets accepted so far.
    var hopLimits: [CInt] { hopLimitLog.all }

    /// Starts the server and waits for its port.
    /// - Parameters:
    ///   - host: `127.0.0.1` or `::1`.
    ///   - hopLimit: the IP TTL (IPv6 hop limit) the server sets on accepted connections.
    ///   - refreshMargin: the refresher's margin in seconds.
    init(host: String = "127.0.0.1", hopLimit: Int = 1, refreshMargin: TimeInterval = 300) async throws {
        let clock = self.clock
        let fetch = ScriptedFetch(clock: clock)
        self.fetch = fetch
        refresher = CredentialRefresher(
            configuration: .init(refreshMargin: refreshMargin), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            clock: clock.now, fetch: fetch.fetch)
        let service = CredentialService(
            refresher: refresher, roleName: Self.roleName, tokens: tokens, containerAuthorizationToken: Self.containerToken,
            clock: clock.now)
        let server = CredentialServer(service: service, host: host, port: 0, hopLimit: hopLimit)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let log = hopLimitLog
        task = Task {
            try await server.run(onReady: { continuation.yield($0) }, observeHopLimit: log.record)
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw TimedOut(description: "the credential server did not start") }
        self.port = port
        urlHost = host.contains(":") ? "[\(host)]" : host
        client = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    /// Stops the client and the server.
    func stop() async {
        try? await client.shutdown()
        task.cancel()
        _ = try? await task.value
    }

    /// Sends a request to `path` with headers, and returns the whole answer.
    func send(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = []) async throws -> ServeAnswer {
        var request = HTTPClientRequest(url: "http://\(urlHost):\(port)\(path)")
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return ServeAnswer(status: Int(response.status.code), headers: response.headers, body: String(buffer: body))
    }

    /// A metadata token with `ttl` seconds, from `PUT /latest/api/token`.
    func token(ttl: Int = 21_600, file: StaticString = #filePath, line: UInt = #line) async throws -> String {
        let answer = try await send(.PUT, "/latest/api/token", headers: [("X-aws-ec2-metadata-token-ttl-seconds", String(ttl))])
        XCTAssertEqual(answer.status, 200, answer.body, file: file, line: line)
        return answer.body
    }

    /// `GET .../security-credentials/<role>` with a metadata token.
    func instanceCredentials(token: String?, role: String = roleName) async throws -> ServeAnswer {
        try await send(
            .GET, "/latest/meta-data/iam/security-credentials/\(role)", headers: token.map { [("X-aws-ec2-metadata-token", $0)] } ?? [])
    }

    /// Runs `body` with a fresh server and stops it afterwards, also when `body` throws.
    static func with<T>(
        host: String = "127.0.0.1", hopLimit: Int = 1, refreshMargin: TimeInterval = 300,
        _ body: (RunningCredentialServer) async throws -> T
    ) async throws -> T {
        let server = try await RunningCredentialServer(host: host, hopLimit: hopLimit, refreshMargin: refreshMargin)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }
}
