import Dispatch
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Runs ``CredentialService`` on loopback (127.0.0.1 or ::1) with a hop limit on every connection.
///
/// A bare SwiftNIO HTTP/1.1 pipeline on one event-loop thread: the answers are a few hundred
/// bytes computed without waiting in the common case, so a router or a second thread would
/// only add cost.
public struct CredentialServer: Sendable {
    public var service: CredentialService
    /// `127.0.0.1` (default) or `::1`.
    public var host: String
    public var port: Int
    /// IP TTL / IPv6 hop limit of accepted connections (1: packets cannot leave the host).
    public var hopLimit: Int

    public init(service: CredentialService, host: String = "127.0.0.1", port: Int = 9911, hopLimit: Int = 1) {
        self.service = service
        self.host = host
        self.port = port
        self.hopLimit = hopLimit
    }

    /// Serves until cancelled or SIGTERM/SIGINT; `onReady` gets the bound port.
    /// - Parameter observeHopLimit: receives the hop limit read back from each accepted socket (tests).
    /// - Throws: ``ListenError`` when the address cannot be bound.
    public func run(
        onReady: @escaping @Sendable (Int) -> Void, observeHopLimit: (@Sendable (CInt) -> Void)? = nil
    ) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { group.shutdownGracefully { _ in } }
        let service = self.service
        let hopLimit = self.hopLimit
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 1024)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelOption(.maxMessagesPerRead, value: 16)
                .childChannelInitializer { channel in
                    Self.limitHops(of: channel, to: hopLimit, observe: observeHopLimit).flatMapThrowing {
                        try channel.pipeline.syncOperations.addHandlers([
                            ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)),
                            CredentialHTTPHandler(service: service),
                        ])
                    }
                }
                .bind(host: host, port: port).get()
        } catch let error as IOError {
            throw ListenError(address: host, port: port, cause: String(cString: strerror(error.errnoCode)))
        } catch {
            throw ListenError(address: host, port: port, cause: "\(error)")
        }
        // The signals are taken before the ready line: a SIGTERM sent as soon as it shows must
        // close the server, not fall between SIG_IGN and the dispatch source.
        let (signals, previous) = Self.closeOnTermination(channel)
        defer {
            signals.forEach { $0.cancel() }
            // A server run inside a larger program (tests, an embedding app) leaves its signals as it found them.
            for (number, action) in previous {
                var old = action
                sigaction(number, &old, nil)
            }
        }
        onReady(channel.localAddress?.port ?? port)
        try await withTaskCancellationHandler {
            try await channel.closeFuture.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    /// Sets the IP TTL (IPv4) or unicast hop limit (IPv6) of an accepted socket, as AWS's IMDS
    /// does with TTL 1: packets of the credential service cannot leave the host.
    private static func limitHops(of channel: any Channel, to hopLimit: Int, observe: (@Sendable (CInt) -> Void)?) -> EventLoopFuture<Void> {
        let option =
            channel.localAddress?.protocol == .inet6
            ? ChannelOptions.Types.SocketOption(level: SocketOptionLevel(IPPROTO_IPV6), name: IPV6_UNICAST_HOPS)
            : ChannelOptions.Types.SocketOption(level: SocketOptionLevel(IPPROTO_IP), name: IP_TTL)
        return channel.setOption(option, value: hopLimit).flatMap {
            guard let observe else { return channel.eventLoop.makeSucceededVoidFuture() }
            return channel.getOption(option).map { observe(CInt(truncatingIfNeeded: $0)) }
        }
    }

    /// Closes the listening channel on SIGTERM or SIGINT, so `run` returns and the process exits 0.
    private static func closeOnTermination(_ channel: any Channel) -> ([any DispatchSourceSignal], [(Int32, sigaction)]) {
        var previous: [(Int32, sigaction)] = []
        let sources: [any DispatchSourceSignal] = [SIGTERM, SIGINT].map { number in
            var old = sigaction()
            sigaction(number, nil, &old)
            previous.append((number, old))
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { channel.close(promise: nil) }
            source.resume()
            return source
        }
        return (sources, previous)
    }

    /// The server could not listen on its address (port taken, address unavailable).
    public struct ListenError: Error, Sendable, CustomStringConvertible {
        /// The address asked for.
        public var address: String
        /// The port asked for.
        public var port: Int
        /// The system's reason, e.g. "Address already in use".
        public var cause: String

        public var description: String { cause }
    }
}
