import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// A bare TLS connection for sending exactly the bytes a test wants (half a request, a
/// lying Content-Length) and reading the HTTP/1.1 answer by hand.
enum RawTLSConnection {
    typealias Channel = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    /// Connects and waits for the TLS handshake to complete.
    static func connect(host: String, port: Int, caPEM: String) async throws -> Channel {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8)))
        let context = try NIOSSLContext(configuration: tls)
        let (channel, handshake) = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handshake = channel.eventLoop.makePromise(of: Void.self)
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: nil))
                    try channel.pipeline.syncOperations.addHandler(HandshakeObserver(promise: handshake))
                    return (try Channel(wrappingChannelSynchronously: channel), handshake.futureResult)
                }
            }
        try await handshake.get()
        return channel
    }

    /// A plain TCP connection that never starts TLS.
    static func connectWithoutTLS(host: String, port: Int) async throws -> any NIOCore.Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: host, port: port).get()
    }

    /// Reads one HTTP/1.1 response with a Content-Length body.
    static func readResponse(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>) async throws -> HTTPAnswer {
        var bytes = [UInt8]()
        let separator = Array("\r\n\r\n".utf8)
        for try await chunk in inbound {
            bytes += chunk.readableBytesView
            guard let end = bytes.firstRange(of: separator) else { continue }
            let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
            let headers = head.dropFirst().compactMap { line -> (name: String, value: String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
            guard bytes.count - end.upperBound >= length else { continue }
            let status = head[0].split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            let body = String(decoding: bytes[end.upperBound..<(end.upperBound + length)], as: UTF8.self)
            return HTTPAnswer(status: status, headers: headers, body: body)
        }
        throw MissingValue(description: "the connection closed before a whole response: \(String(decoding: bytes, as: UTF8.self))")
    }
}

/// Completes a promise when the TLS handshake is done (or fails it when the channel dies first).
private final class HandshakeObserver: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let promise: EventLoopPromise<Void>
    private var completed = false

    init(promise: EventLoopPromise<Void>) {
        self.promise = promise
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event, !completed {
            completed = true
            promise.succeed()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }

    private func fail(_ error: Error) {
        guard !completed else { return }
        completed = true
        promise.fail(error)
    }
}
