/// Why an HTTP exchange failed, as a fact: what went wrong, with whom, and the low-level cause.
///
/// An open set of codes, like ``RolesAnywhereError``; callers turn it into their own words.
/// Neither the peer nor the cause ever holds a secret (a proxy's user-info is never kept).
public struct TransportError: Error, Sendable, Hashable {
    /// What went wrong.
    public var code: Code
    /// Who failed: the service endpoint, or the proxy in front of it.
    public var peer: Peer
    /// The system's or TLS library's reason, when there is one (`connection refused`, `certificate has expired`).
    public var cause: String?

    /// Creates a transport error.
    public init(_ code: Code, peer: Peer, cause: String? = nil) {
        self.code = code
        self.peer = peer
        self.cause = cause
    }

    /// An open set of transport failure codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, stable across releases.
        public let name: String
        /// Creates a code.
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The host name does not resolve.
        public static let unresolvableHost = Code("unresolvableHost")
        /// The peer actively refused the connection.
        public static let connectionRefused = Code("connectionRefused")
        /// No connection within the connect timeout.
        public static let connectTimedOut = Code("connectTimedOut")
        /// Any other failure to connect (no route, network down).
        public static let unreachable = Code("unreachable")
        /// Connected, but no answer within the read timeout.
        public static let readTimedOut = Code("readTimedOut")
        /// The peer closed the connection before a whole answer arrived.
        public static let closedEarly = Code("closedEarly")
        /// The peer's TLS certificate did not verify (the cause says why).
        public static let untrustedCertificate = Code("untrustedCertificate")
        /// The TLS handshake failed for another reason (not TLS, no common version or cipher).
        public static let handshakeFailed = Code("handshakeFailed")
        /// The proxy refused to open a tunnel (the cause holds its status line).
        public static let proxyRefused = Code("proxyRefused")
        /// The answer is larger than the client reads.
        public static let responseTooLarge = Code("responseTooLarge")
        /// The answer is not HTTP/1.x.
        public static let malformedResponse = Code("malformedResponse")
        /// The CA bundle to trust could not be read or holds no certificate.
        public static let unusableTrustStore = Code("unusableTrustStore")
    }

    /// The party of an exchange a failure belongs to.
    public enum Peer: Sendable, Hashable, CustomStringConvertible {
        /// The service endpoint (`scheme://host[:port]`).
        case endpoint(String)
        /// The proxy (`host:port`, never its user-info).
        case proxy(String)

        public var description: String {
            switch self {
            case .endpoint(let name): name
            case .proxy(let name): "the proxy \(name)"
            }
        }
    }
}
