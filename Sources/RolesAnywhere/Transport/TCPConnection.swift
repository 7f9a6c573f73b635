#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A connected TCP socket: name resolution, a connect bounded by a timeout, and reads and
/// writes bounded by another. Blocking: callers run it off Swift's cooperative pool.
final class TCPConnection {
    /// The socket's descriptor, closed when the connection is released.
    let descriptor: Int32
    private let peer: TransportError.Peer

    /// Connects to the first address of `host` that accepts.
    /// - Parameters:
    ///   - connectTimeout: seconds to wait for each address to accept.
    ///   - readTimeout: seconds any later read or write may wait.
    init(host: String, port: Int, peer: TransportError.Peer, connectTimeout: Int, readTimeout: Int) throws(TransportError) {
        // Writing to a connection the peer closed must be an error, not a signal that ends the process.
        signal(SIGPIPE, SIG_IGN)
        self.peer = peer
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw TransportError(.unresolvableHost, peer: peer, cause: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(first) }
        var lastError = TransportError(.unreachable, peer: peer)
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            candidate = address.pointee.ai_next
            do throws(TransportError) {
                descriptor = try Self.connect(address.pointee, peer: peer, timeoutSeconds: connectTimeout)
                Self.configure(descriptor, readTimeout: readTimeout)
                return
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    deinit { close(descriptor) }

    private static func connect(_ address: addrinfo, peer: TransportError.Peer, timeoutSeconds: Int) throws(TransportError) -> Int32 {
        let descriptor = socket(address.ai_family, address.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), address.ai_protocol)
        guard descriptor >= 0 else { throw TransportError(.unreachable, peer: peer, cause: String(cString: strerror(errno))) }
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        if Glibc.connect(descriptor, address.ai_addr, address.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else {
                let code = errno
                close(descriptor)
                throw failure(code, peer: peer)
            }
            var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            var ready: Int32
            repeat { ready = poll(&poller, 1, Int32(clamping: timeoutSeconds * 1000)) } while ready < 0 && errno == EINTR
            guard ready > 0 else {
                close(descriptor)
                throw TransportError(.connectTimedOut, peer: peer)
            }
            var socketError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &socketError, &length)
            guard socketError == 0 else {
                close(descriptor)
                throw failure(socketError, peer: peer)
            }
        }
        _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK)
        return descriptor
    }

    private static func configure(_ descriptor: Int32, readTimeout: Int) {
        var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var on: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    private static func failure(_ code: Int32, peer: TransportError.Peer) -> TransportError {
        switch code {
        case ECONNREFUSED: TransportError(.connectionRefused, peer: peer, cause: "connection refused")
        case ETIMEDOUT: TransportError(.connectTimedOut, peer: peer)
        default: TransportError(.unreachable, peer: peer, cause: String(cString: strerror(code)))
        }
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws(TransportError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw errno == EAGAIN || errno == EWOULDBLOCK
                    ? TransportError(.readTimedOut, peer: peer) : TransportError(.closedEarly, peer: peer)
            }
            offset += written
        }
    }

    /// The next bytes received, or `[]` when the peer closed the connection.
    func read() throws(TransportError) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count >= 0 { return Array(chunk[0..<count]) }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw TransportError(.readTimedOut, peer: peer) }
            if errno == ECONNRESET { return [] }
            throw TransportError(.closedEarly, peer: peer, cause: String(cString: strerror(errno)))
        }
    }

    /// One byte, for reading a proxy's answer without consuming what follows it.
    func readByte(peer: TransportError.Peer) throws(TransportError) -> [UInt8] {
        var byte: UInt8 = 0
        while true {
            let count = recv(descriptor, &byte, 1, 0)
            if count == 1 { return [byte] }
            if count == 0 { throw TransportError(.closedEarly, peer: peer) }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw TransportError(.readTimedOut, peer: peer) }
            throw TransportError(.closedEarly, peer: peer, cause: String(cString: strerror(errno)))
        }
    }
}
