/// One HTTP/1.1 exchange per call over a new connection: TCP, an optional proxy tunnel
/// (`CONNECT`), TLS through the system's OpenSSL, then the request and the whole answer.
///
/// Written by hand rather than with libcurl or AsyncHTTPClient: the client makes one request per
/// process, and loading libcurl with its 30 shared libraries costs ~8 ms at start-up (measured
/// here), more than a whole cold `credential-process`; an event-loop client costs threads and
/// a second TLS stack. Blocking: callers run it off Swift's cooperative pool (``BlockingWork``).
public struct HTTPSClient: Sendable {
    /// How to connect.
    public struct Configuration: Sendable, Hashable {
        /// Which CAs to trust.
        public var trust: TLSTrust
        /// The proxy, or nil to connect directly.
        public var proxy: ProxySettings?
        /// Seconds to wait for a connection.
        public var connectTimeout: Int
        /// Seconds any read or write may wait.
        public var readTimeout: Int
        /// The largest body read.
        public var maximumResponseSize: Int

        /// Creates a configuration.
        public init(trust: TLSTrust, proxy: ProxySettings?, connectTimeout: Int, readTimeout: Int, maximumResponseSize: Int = 1 << 20) {
            self.trust = trust
            self.proxy = proxy
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.maximumResponseSize = maximumResponseSize
        }
    }

    /// The connection settings.
    public let configuration: Configuration

    /// Creates a client.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Sends one request to `endpoint` over a new connection and reads the whole answer.
    /// - Parameter pathAndQuery: the request target, starting with `/`.
    public func exchange(
        method: String, endpoint: ServiceEndpoint, pathAndQuery: String, headers: [(name: String, value: String)], body: [UInt8]
    ) throws(TransportError) -> HTTPResponse {
        try open(endpoint).exchange(method: method, pathAndQuery: pathAndQuery, headers: headers, body: body)
    }

    /// Connects to `endpoint` (through the proxy, then TLS for `https`), ready for one exchange.
    /// Opening ahead lets a caller overlap the handshake with other work, such as signing.
    public func open(_ endpoint: ServiceEndpoint) throws(TransportError) -> Connection {
        let endpointPeer = TransportError.Peer.endpoint(endpoint.description)
        let port = endpoint.port ?? (endpoint.scheme == "https" ? 443 : 80)
        let connection: TCPConnection
        var absoluteForm = false
        if let proxy = configuration.proxy {
            let proxyPeer = TransportError.Peer.proxy(proxy.displayName)
            connection = try TCPConnection(
                host: proxy.host, port: proxy.port, peer: proxyPeer,
                connectTimeout: configuration.connectTimeout, readTimeout: configuration.readTimeout)
            if endpoint.scheme == "https" {
                try openTunnel(through: connection, proxy: proxy, to: endpoint, port: port, peer: proxyPeer)
            } else {
                absoluteForm = true  // a plain-HTTP request through a proxy names the whole URL
            }
        } else {
            connection = try TCPConnection(
                host: endpoint.host, port: port, peer: endpointPeer,
                connectTimeout: configuration.connectTimeout, readTimeout: configuration.readTimeout)
        }
        let session = endpoint.scheme == "https"
            ? try TLSSession(over: connection, host: endpoint.host, trust: configuration.trust, peer: endpointPeer) : nil
        return Connection(
            endpoint: endpoint, tcp: connection, tls: session, absoluteForm: absoluteForm,
            proxyAuthorization: absoluteForm ? configuration.proxy?.authorization : nil,
            maximumResponseSize: configuration.maximumResponseSize)
    }

    /// An open connection to an endpoint, good for one request (`Connection: close`).
    public final class Connection: @unchecked Sendable {
        /// The endpoint it reaches.
        public let endpoint: ServiceEndpoint
        /// When it was opened, so a caller can drop one that waited too long.
        public let openedAt = ContinuousClock.now
        private let tcp: TCPConnection
        private let tls: TLSSession?
        private let absoluteForm: Bool
        private let proxyAuthorization: String?
        private let maximumResponseSize: Int

        fileprivate init(
            endpoint: ServiceEndpoint, tcp: TCPConnection, tls: TLSSession?, absoluteForm: Bool, proxyAuthorization: String?,
            maximumResponseSize: Int
        ) {
            self.endpoint = endpoint
            self.tcp = tcp
            self.tls = tls
            self.absoluteForm = absoluteForm
            self.proxyAuthorization = proxyAuthorization
            self.maximumResponseSize = maximumResponseSize
        }

        /// Sends the request and reads the whole answer.
        public func exchange(
            method: String, pathAndQuery: String, headers: [(name: String, value: String)], body: [UInt8]
        ) throws(TransportError) -> HTTPResponse {
            let target = absoluteForm ? "\(endpoint)\(pathAndQuery)" : pathAndQuery
            var head = "\(method) \(target) HTTP/1.1\r\nHost: \(endpoint.hostHeader)\r\n"
            for header in headers where header.name.lowercased() != "host" {
                head += "\(header.name): \(header.value)\r\n"
            }
            if let proxyAuthorization { head += "Proxy-Authorization: \(proxyAuthorization)\r\n" }
            head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            let request = Array(head.utf8) + body
            let peer = TransportError.Peer.endpoint(endpoint.description)
            if let tls {
                try tls.write(request)
                var parser = HTTPResponseParser(peer: peer, maximumBodySize: maximumResponseSize) { () throws(TransportError) in
                    try tls.read()
                }
                return try parser.readResponse(headRequest: method == "HEAD")
            }
            try tcp.write(request)
            let tcp = self.tcp
            var parser = HTTPResponseParser(peer: peer, maximumBodySize: maximumResponseSize) { () throws(TransportError) in
                try tcp.read()
            }
            return try parser.readResponse(headRequest: method == "HEAD")
        }
    }

    private func openTunnel(
        through connection: TCPConnection, proxy: ProxySettings, to endpoint: ServiceEndpoint, port: Int, peer: TransportError.Peer
    ) throws(TransportError) {
        let authority = endpoint.host.contains(":") ? "[\(endpoint.host)]:\(port)" : "\(endpoint.host):\(port)"
        var request = "CONNECT \(authority) HTTP/1.1\r\nHost: \(authority)\r\n"
        if let authorization = proxy.authorization { request += "Proxy-Authorization: \(authorization)\r\n" }
        request += "\r\n"
        try connection.write(Array(request.utf8))
        // The answer is read byte-exact up to its blank line, so no TLS byte is consumed here.
        var received: [UInt8] = []
        while !received.ends(with: [13, 10, 13, 10]) {
            guard received.count < HTTPResponseParser.maximumHeaderSize else {
                throw TransportError(.malformedResponse, peer: peer, cause: "not an HTTP proxy")
            }
            received += try connection.readByte(peer: peer)
        }
        var consumed = false
        var parser = HTTPResponseParser(peer: peer, maximumBodySize: 0) { () throws(TransportError) in
            defer { consumed = true }
            return consumed ? [] : received
        }
        let head = try parser.readHead()
        guard (200...299).contains(head.status) else {
            throw TransportError(.proxyRefused, peer: peer, cause: String(head.statusLine.prefix(120)))
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
