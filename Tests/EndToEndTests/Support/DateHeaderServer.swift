import Foundation
import HTTPTypes
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOPosix
import RolesAnywhereEmulator

/// An HTTPS server whose every answer is a 404 carrying a chosen `Date` header, to stand in
/// for an endpoint whose clock is off. (Hummingbird's `Application` always writes its own
/// `Date`, so this uses HummingbirdCore's server directly.)
final class DateHeaderServer: Sendable {
    let endpoint: String
    let caBundlePath: String
    private let task: Task<Void, any Error>
    private let shutdown: @Sendable () async -> Void

    /// Starts the server; `date` is the `Date` header value, e.g. `Mon, 01 Jan 2024 00:00:00 GMT`.
    init(date: String, folder: String) async throws {
        let tls = try EmulatorTLSIdentity.generate()
        let caPath = (folder as NSString).appendingPathComponent("date-ca-\(UUID().uuidString.prefix(6)).pem")
        try tls.caPEM.write(toFile: caPath, atomically: true, encoding: .utf8)
        let channel = try TLSChannel(
            HTTP1Channel(responder: { _, writer, _ in
                var fields = HTTPFields()
                fields[.date] = date
                fields[.contentLength] = "0"
                try await writer.writeResponse(HTTPResponse(status: .notFound, headerFields: fields))
            }),
            tlsConfiguration: tls.serverConfiguration)
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let server = Server(
            childChannelSetup: channel,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) },
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: Logger(label: "date-header-server"))
        task = Task { try await server.run() }
        shutdown = { try? await server.shutdownGracefully() }
        var iterator = stream.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        endpoint = "https://127.0.0.1:\(port)"
        caBundlePath = caPath
    }

    /// Stops the server and waits for it.
    func stop() async {
        await shutdown()
        task.cancel()
    }

    deinit { task.cancel() }
}
