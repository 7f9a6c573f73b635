import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Wraps a server child channel so every accepted connection gets an IP TTL (IPv4) or
/// unicast hop limit (IPv6), as AWS's IMDS does with TTL 1: packets of the credential
/// service cannot leave the host even if it were reachable from elsewhere.
struct HopLimitedChildChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let hopLimit: CInt
    /// Called with the value read back from each accepted socket (for tests).
    let observe: (@Sendable (CInt) -> Void)?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let isIPv6 = channel.localAddress?.protocol == .inet6
        let option =
            isIPv6
            ? ChannelOptions.Types.SocketOption(level: SocketOptionLevel(IPPROTO_IPV6), name: IPV6_UNICAST_HOPS)
            : ChannelOptions.Types.SocketOption(level: SocketOptionLevel(IPPROTO_IP), name: IP_TTL)
        let observe = self.observe
        return channel.setOption(option, value: Int(hopLimit))
            .flatMap {
                guard let observe else { return channel.eventLoop.makeSucceededVoidFuture() }
                return channel.getOption(option).map { observe(CInt(truncatingIfNeeded: $0)) }
            }
            .flatMap { self.base.setup(channel: channel, logger: logger) }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with a hop limit on every accepted connection.
    static func http1(hopLimit: CInt, observe: (@Sendable (CInt) -> Void)? = nil) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            HopLimitedChildChannel(
                base: HTTP1Channel(responder: responder, configuration: .init(idleTimeout: .seconds(30))), hopLimit: hopLimit, observe: observe)
        }
    }
}
