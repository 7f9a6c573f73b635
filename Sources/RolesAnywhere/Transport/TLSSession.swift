import COpenSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TLS client session (OpenSSL, the system's library) over a connected socket: TLS 1.2 or
/// newer, the peer's certificate verified against the trusted CAs and matched to the host name
/// or IP address, SNI sent for names.
final class TLSSession {
    private let context: OpaquePointer
    private let ssl: OpaquePointer
    private let connection: TCPConnection
    private let peer: TransportError.Peer

    /// Performs the handshake.
    /// - Parameters:
    ///   - host: the name or address the certificate must be for.
    ///   - trust: which CAs to trust, or none when verification is off.
    init(over connection: TCPConnection, host: String, trust: TLSTrust, peer: TransportError.Peer) throws(TransportError) {
        OpenSSLLibrary.prepare()
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw TransportError(.handshakeFailed, peer: peer, cause: Self.drainErrors())
        }
        roles_anywhere_ssl_ctx_set_min_tls12(context)
        roles_anywhere_ssl_ctx_ignore_unexpected_eof(context)
        if trust.verifies {
            do throws(TransportError) {
                try trust.install(in: context, peer: peer)
            } catch {
                SSL_CTX_free(context)
                throw error
            }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        } else {
            SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        }
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw TransportError(.handshakeFailed, peer: peer, cause: Self.drainErrors())
        }
        self.context = context
        self.ssl = ssl
        self.connection = connection
        self.peer = peer
        SSL_set_fd(ssl, connection.descriptor)
        if !Self.isIPAddress(host) { _ = roles_anywhere_ssl_set_sni(ssl, host) }
        if trust.verifies { SSL_set1_host(ssl, host) }
        let result = SSL_connect(ssl)
        guard result == 1 else { throw handshakeFailure(result) }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws(TransportError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress! + offset, Int32($0.count - offset)) }
            guard written > 0 else { throw ioFailure(written) }
            offset += Int(written)
        }
    }

    /// The next bytes received, or `[]` when the peer closed the connection.
    func read() throws(TransportError) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let count = chunk.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
        if count > 0 { return Array(chunk[0..<Int(count)]) }
        let error = SSL_get_error(ssl, count)
        if error == SSL_ERROR_ZERO_RETURN { return [] }
        if error == SSL_ERROR_SYSCALL && errno != EAGAIN && errno != EWOULDBLOCK {
            ERR_clear_error()
            return []
        }
        throw ioFailure(count)
    }

    private func ioFailure(_ result: Int32) -> TransportError {
        let error = SSL_get_error(ssl, result)
        defer { ERR_clear_error() }
        if error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE
            || (error == SSL_ERROR_SYSCALL && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
            return TransportError(.readTimedOut, peer: peer)
        }
        return TransportError(.closedEarly, peer: peer, cause: Self.drainErrors())
    }

    private func handshakeFailure(_ result: Int32) -> TransportError {
        let verification = SSL_get_verify_result(ssl)
        if verification != X509_V_OK {
            ERR_clear_error()
            return TransportError(
                .untrustedCertificate, peer: peer, cause: String(cString: X509_verify_cert_error_string(verification)))
        }
        let error = SSL_get_error(ssl, result)
        if error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE
            || (error == SSL_ERROR_SYSCALL && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
            ERR_clear_error()
            return TransportError(.readTimedOut, peer: peer, cause: "no TLS handshake")
        }
        if error == SSL_ERROR_SYSCALL {
            ERR_clear_error()
            return TransportError(.closedEarly, peer: peer, cause: "closed during the TLS handshake")
        }
        return TransportError(.handshakeFailed, peer: peer, cause: Self.drainErrors())
    }

    /// The reason of the oldest queued OpenSSL error, and an empty queue.
    static func drainErrors() -> String? {
        let code = ERR_get_error()
        defer { ERR_clear_error() }
        guard code != 0, let reason = ERR_reason_error_string(code) else { return nil }
        return String(cString: reason)
    }

    private static func isIPAddress(_ host: String) -> Bool {
        var storage = in6_addr()
        return inet_pton(AF_INET, host, &storage) == 1 || inet_pton(AF_INET6, host, &storage) == 1
    }
}
