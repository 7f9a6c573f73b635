#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
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
    public func createSession(_ request: CreateSessionRequest, backend: some SigningBackend) async throws -> CreateSessionResult {
        let identity = try await backend.loadIdentity()
        // One signature per fetch: retries resend the same signed request, which stays inside
        // the service's five-minute window because the retry budget is a few seconds.
        let signed = try await signer.sign(request, identity: identity, date: clock())
        logger.debug("canonical request:\n\(signed.canonicalRequest.text)")
        logger.debug("string to sign:\n\(signed.stringToSign.text)")
        return try await send(signed)
    }

    private func send(_ signed: SignedRequest) async throws -> CreateSessionResult {
        var attempt = 0
        while true {
            switch await attemptOnce(signed) {
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

    private func attemptOnce(_ signed: SignedRequest) async -> Result<CreateSessionResult, AttemptFailure> {
        let http = self.http
        do {
            let response = try await BlockingWork.run { () throws(TransportError) in
                try http.exchange(
                    method: signed.method, endpoint: signed.endpoint, pathAndQuery: signed.pathAndQuery, headers: signed.headers,
                    body: signed.body)
            }
            if let reason = response.header("X-Roles-Anywhere-Emulator-Reason") { logger.debug("the emulator's reason: \(reason)") }
            return ResponseInterpreter.interpret(status: response.status, errorType: response.header("X-Amzn-ErrorType"), body: response.body)
        } catch {
            return .failure(TransportFailure.classify(error))
        }
    }
}
