/// Turns transport facts (connect, TLS, timeouts) into the client's one-line errors, and says
/// which of them may succeed on a retry.
package enum TransportFailure {
    package static func classify(_ error: TransportError) -> AttemptFailure {
        let peer = error.peer
        switch error.code {
        case .untrustedCertificate:
            if case .proxy = peer { break }
            return final("the TLS certificate of \(peer) is not trusted: pass its CA with \(setting: .caBundle) (or AWS_CA_BUNDLE)")
        case .responseTooLarge:
            return AttemptFailure(
                error: RolesAnywhereError(.malformedResponse, "the answer of \(peer) is larger than 1 MiB"), isRetryable: false)
        case .readTimedOut:
            return retryable("\(peer) did not answer in time")
        case .connectTimedOut:
            return retryable("cannot connect to \(peer): the connection timed out")
        case .closedEarly:
            return retryable("\(peer) closed the connection before answering")
        case .handshakeFailed:
            if let cause = error.cause, cause.contains("protocol version") || cause.contains("unsupported protocol") || cause.contains("no protocols") {
                return final("the TLS handshake with \(peer) failed (\(cause)): it offers no TLS version from 1.2 up, which this client requires")
            }
            return final("the TLS handshake with \(peer) failed\(error.cause.map { " (\($0))" } ?? ""): is it an HTTPS endpoint?")
        case .connectionRefused:
            return retryable("cannot connect to \(peer): connection refused")
        case .unresolvableHost:
            if case .proxy(let name) = peer { return retryable("cannot resolve the proxy \(name): check HTTPS_PROXY") }
            return retryable("cannot resolve \(hostName(peer)): check \(setting: .endpoint) or the network")
        case .proxyRefused:
            return final("\(peer) refused to open a tunnel: \(error.cause ?? "no reason given")")
        case .unusableTrustStore:
            return final("cannot load the CAs to trust: \(error.cause ?? "unknown reason")")
        default:
            break
        }
        return retryable("cannot reach \(peer): \(error.cause ?? error.code.name)")
    }

    private static func hostName(_ peer: TransportError.Peer) -> String {
        guard case .endpoint(let url) = peer else { return peer.description }
        return (try? ServiceEndpoint(parsing: url).host) ?? url
    }

    private static func retryable(_ message: RolesAnywhereError.Wording) -> AttemptFailure {
        AttemptFailure(error: RolesAnywhereError(.serviceUnavailable, message), isRetryable: true)
    }

    private static func final(_ message: RolesAnywhereError.Wording) -> AttemptFailure {
        AttemptFailure(error: RolesAnywhereError(.serviceUnavailable, message), isRetryable: false)
    }
}
