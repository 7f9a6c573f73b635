import AsyncHTTPClient
import NIOCore
import NIOSSL

/// Turns transport errors (connect, TLS, timeouts) into one-line errors.
enum TransportFailure {
    static func classify(_ error: any Error, endpoint: ServiceEndpoint) -> AttemptFailure {
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed")
            || text.contains("unable to get local issuer") || text.contains("self signed")
            || text.contains("self-signed")
        {
            return AttemptFailure(
                error: RolesAnywhereError(
                    .serviceUnavailable,
                    "the TLS certificate of \(endpoint) is not trusted: pass its CA with --ca-bundle (or AWS_CA_BUNDLE)"),
                isRetryable: false)
        }
        if error is NIOTooManyBytesError {
            return AttemptFailure(
                error: RolesAnywhereError(.malformedResponse, "the answer of \(endpoint) is larger than 1 MiB"),
                isRetryable: false)
        }
        if let httpError = error as? HTTPClientError {
            if httpError == .readTimeout || httpError == .deadlineExceeded {
                return retryable("\(endpoint) did not answer in time")
            }
            if httpError == .connectTimeout {
                return retryable("cannot connect to \(endpoint): the connection timed out")
            }
            if httpError == .remoteConnectionClosed {
                return retryable("\(endpoint) closed the connection before answering")
            }
        }
        if error is NIOSSLError || text.contains("handshake") {
            return AttemptFailure(
                error: RolesAnywhereError(.serviceUnavailable, "the TLS handshake with \(endpoint) failed: is it an HTTPS endpoint?"),
                isRetryable: false)
        }
        if text.contains("refused") {
            return retryable("cannot connect to \(endpoint): connection refused")
        }
        if text.contains("lookup") || text.contains("resolve") || text.contains("getaddrinfo") {
            return retryable("cannot resolve \(endpoint.host): check --endpoint or the network")
        }
        return retryable("cannot reach \(endpoint): \(text.prefix(160))")
    }

    private static func retryable(_ message: String) -> AttemptFailure {
        AttemptFailure(error: RolesAnywhereError(.serviceUnavailable, message), isRetryable: true)
    }
}
