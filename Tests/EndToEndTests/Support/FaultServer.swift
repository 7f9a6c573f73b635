import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import RolesAnywhereEmulator
import Synchronization

/// An HTTPS server for client fault tests: it answers CreateSession with whatever the
/// test asks for (a status and body, valid credentials, or nothing at all), and counts requests.
/// Tests switch its behavior over time with ``setBehavior(_:)``.
final class FaultServer: Sendable {
    enum Behavior: Sendable {
        case respond(status: Int, errorType: String?, body: String)
        /// A valid 201 answer built per request: new keys expiring `lifetime` seconds from now.
        case issue(lifetime: TimeInterval)
        case hang
    }

    /// What the handler reads and the test changes.
    private final class State: Sendable {
        let behavior: Mutex<Behavior>
        let requests = Atomic<Int>(0)
        init(_ behavior: Behavior) { self.behavior = Mutex(behavior) }
    }

    let endpoint: String
    let caBundlePath: String
    private let state: State
    private let task: Task<Void, any Error>

    var requestCount: Int { state.requests.load(ordering: .relaxed) }

    func setBehavior(_ newValue: Behavior) { state.behavior.withLock { $0 = newValue } }

    init(behavior initial: Behavior, folder: String) async throws {
        let tls = try EmulatorTLSIdentity.generate()
        let caPath = (folder as NSString).appendingPathComponent("fault-ca-\(UUID().uuidString.prefix(6)).pem")
        try tls.caPEM.write(toFile: caPath, atomically: true, encoding: .utf8)
        let state = State(initial)
        let router = Router()
        router.post("/sessions") { _, _ -> Response in
            state.requests.add(1, ordering: .relaxed)
            switch state.behavior.withLock({ $0 }) {
            case .hang:
                try await Task.sleep(for: .seconds(60))
                return Response(status: .internalServerError)
            case .issue(let lifetime):
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                let body = ByteBuffer(string: FaultServer.session(lifetime: lifetime))
                return Response(status: .created, headers: headers, body: .init(byteBuffer: body))
            case .respond(let status, let errorType, let body):
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                if let errorType, let name = HTTPField.Name("X-Amzn-ErrorType") { headers[name] = errorType }
                return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
            }
        }
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            server: try .tls(.http1(), tlsConfiguration: tls.serverConfiguration),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Self.quietLogger)
        self.task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = stream.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        self.state = state
        self.caBundlePath = caPath
        self.endpoint = "https://127.0.0.1:\(port)"
    }

    func stop() { task.cancel() }

    /// Cancelling the server task closes channels twice; Hummingbird logs that at error level.
    private static let quietLogger: Logger = {
        var logger = Logger(label: "fault-server")
        logger.logLevel = .critical
        return logger
    }()

    /// A CreateSession 201 body with random keys (`ASIA` + 16 characters) expiring `lifetime`
    /// seconds from now, in milliseconds.
    static func session(lifetime: TimeInterval) -> String {
        func random(_ alphabet: String, _ count: Int) -> String {
            String((0..<count).map { _ in alphabet.randomElement()! })
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let expiration = formatter.string(from: Date().addingTimeInterval(lifetime))
        let accessKeyID = "ASIA" + random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
        let secret = random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40)
        let token = random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 120)
        return #"{"credentialSet":[{"assumedRoleUser":{"arn":"arn:aws:sts::123456789012:assumed-role/fault/session","#
            + #""assumedRoleId":"AROAFAULT:session"},"credentials":{"accessKeyId":"\#(accessKeyID)","secretAccessKey":"\#(secret)","#
            + #""sessionToken":"\#(token)","expiration":"\#(expiration)"},"packedPolicySize":0,"#
            + #""roleArn":"arn:aws:iam::123456789012:role/fault","sourceIdentity":"CN=fault"}],"#
            + #""subjectArn":"arn:aws:rolesanywhere:us-east-1:123456789012:subject/fault"}"#
    }

    deinit { task.cancel() }
}
