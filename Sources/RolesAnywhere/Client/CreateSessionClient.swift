#if canImport(FoundationEssentials)
import FoundationEssentials
#else
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#endif
import Logging

/// Calls CreateSession: signs through a ``SigningBackend``, sends over HTTPS with
/// ``HTTPSClient``, retries only what may succeed later, and turns answers into credentials
/// or one-line errors.
public final class CreateSessionClient: Sendable {
    /// The largest answer body read.
    static let maximumResponseSize = 1 << 20

    private let http: HTTPSClient
    private let configuration: ClientConfiguration
    private let logger: Logger
    private let signer = SigV4X509Signer()
    private let clock: @Sendable () -> Date

    /// Creates a client. The CA bundle is read here, so a bad one fails before anything is signed.
    /// - Throws: `unreadableFile` when the CA bundle cannot be read, `invalidCertificate` when it holds no certificate.
    public init(
        configuration: ClientConfiguration = ClientConfiguration(),
        logger: Logger = Logger(label: "roles-anywhere"),
        clock: @escaping @Sendable () -> Date = Date.init
    ) throws(RolesAnywhereError) {
        self.configuration = configuration
        self.http = HTTPSClient(configuration: try configuration.transport(maximumResponseSize: Self.maximumResponseSize))
        self.logger = logger
        self.clock = clock
    }

    /// Nothing to release: every exchange has its own connection. Kept for callers written
    /// against the event-loop client.
    public func shutdown() async {}

    /// Signs and sends one CreateSession request, retrying 429, 5xx and connection failures.
    ///
    /// The connection (TCP, TLS handshake) is opened while the key signs, so the two costs
    /// overlap; a signing failure is reported first and the connection is dropped unused.
    public func createSession(_ request: CreateSessionRequest, backend: some SigningBackend) async throws -> CreateSessionResult {
        let http = self.http
        let endpoint = request.endpoint
        let preopened = Task { () -> Result<HTTPSClient.Connection, TransportError> in
            do throws(TransportError) {
                return .success(try await BlockingWork.run { () throws(TransportError) in try http.open(endpoint) })
            } catch {
                return .failure(error)
            }
        }
        let identity = try await backend.loadIdentity()
        // One signature per fetch: retries resend the same signed request, which stays inside
        // the service's five-minute window because the retry budget is a few seconds.
        let signed = try await signer.sign(request, identity: identity, date: clock())
        logger.debug("canonical request:\n\(signed.canonicalRequest.text)")
        logger.debug("string to sign:\n\(signed.stringToSign.text)")
        return try await send(signed, preopened: await preopened.value)
    }

    private func send(
        _ signed: SignedRequest, preopened: Result<HTTPSClient.Connection, TransportError>
    ) async throws -> CreateSessionResult {
        var attempt = 0
        var opened: Result<HTTPSClient.Connection, TransportError>? = preopened
        while true {
            let outcome = await attemptOnce(signed, opened: opened)
            opened = nil
            switch outcome {
            case .success(let result):
                return result
            case .failure(let failure) where failure.isRetryable && attempt < configuration.maximumRetries:
                attempt += 1
                let delay = RetryBackoff.delay(attempt: attempt, base: .milliseconds(configuration.backoffBaseMilliseconds))
                logger.debug("attempt \(attempt) failed (\(failure.error.message)); retrying in \(delay)")
                try await Task.sleep(for: delay)
            case .failure(let failure):
                throw failure.error
            }
        }
    }

    /// One exchange: over the connection opened ahead when there is one and it is recent
    /// (a PIN prompt can take a while; the server may have closed an idle connection), else a new one.
    private func attemptOnce(
        _ signed: SignedRequest, opened: Result<HTTPSClient.Connection, TransportError>?
    ) async -> Result<CreateSessionResult, AttemptFailure> {
        let http = self.http
        do throws(TransportError) {
            let response = try await BlockingWork.run { () throws(TransportError) -> HTTPResponse in
                let connection: HTTPSClient.Connection
                switch opened {
                case .success(let ready)? where ContinuousClock.now - ready.openedAt < .seconds(10): connection = ready
                case .failure(let error)?: throw error
                default: connection = try http.open(signed.endpoint)
                }
                return try connection.exchange(
                    method: signed.method, pathAndQuery: signed.pathAndQuery, headers: signed.headers, body: signed.body)
            }
            return ResponseInterpreter.interpret(
                status: response.status, errorType: response.header("X-Amzn-ErrorType"),
                reason: response.header("X-Roles-Anywhere-Emulator-Reason"), body: response.body)
        } catch {
            return .failure(TransportFailure.classify(error))
        }
    }
}
