import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOHTTP1
import NIOSSL

/// Calls CreateSession: signs through a ``SigningBackend``, sends over HTTPS with
/// AsyncHTTPClient, retries only what may succeed later, and turns answers into credentials
/// or one-line errors.
public final class CreateSessionClient: Sendable {
    /// The largest answer body read.
    static let maximumResponseSize = 1 << 20

    private let httpClient: HTTPClient
    private let eventLoops: MultiThreadedEventLoopGroup
    private let configuration: ClientConfiguration
    private let logger: Logger
    private let signer = SigV4X509Signer()
    private let clock: @Sendable () -> Date

    /// Creates a client. Call ``shutdown()`` when done.
    /// - Throws: `unreadableFile` when the CA bundle cannot be read.
    public init(
        configuration: ClientConfiguration = ClientConfiguration(),
        logger: Logger = Logger(label: "roles-anywhere"),
        clock: @escaping @Sendable () -> Date = Date.init
    ) throws(RolesAnywhereError) {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let path = configuration.caBundlePath {
            let bytes = try FileReader.read(path, role: "CA bundle (--ca-bundle / AWS_CA_BUNDLE)")
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(bytes))
            } catch {
                throw RolesAnywhereError(.invalidCertificate, "the CA bundle '\(path)' holds no readable PEM certificate")
            }
        }
        if !configuration.verifiesTLS { tls.certificateVerification = .none }
        var http = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(Int64(configuration.connectTimeout)), read: .seconds(Int64(configuration.readTimeout))))
        http.httpVersion = .http1Only
        self.configuration = configuration
        if let proxy = configuration.proxy { http.proxy = .server(host: proxy.host, port: proxy.port) }
        // One event-loop thread is plenty for one request at a time, and a short-lived
        // `credential-process` starts fewer threads than with NIO's per-core singleton.
        let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.eventLoops = eventLoops
        self.httpClient = HTTPClient(eventLoopGroupProvider: .shared(eventLoops), configuration: http)
        self.logger = logger
        self.clock = clock
    }

    /// Shuts the HTTP client down.
    public func shutdown() async {
        try? await httpClient.shutdown()
        try? await eventLoops.shutdownGracefully()
    }

    /// Signs and sends one CreateSession request, retrying 429, 5xx and connection failures.
    public func createSession(_ request: CreateSessionRequest, backend: some SigningBackend) async throws -> CreateSessionResult {
        let identity = try await backend.loadIdentity()
        // One signature per fetch: retries resend the same signed request, which stays inside
        // the service's five-minute window because the retry budget is a few seconds.
        let signed = try await signer.sign(request, identity: identity, date: clock())
        logger.debug("canonical request:\n\(signed.canonicalRequest.text)")
        logger.debug("string to sign:\n\(signed.stringToSign.text)")
        return try await send(signed, via: httpClient)
    }

    private func send(_ signed: SignedRequest, via client: HTTPClient) async throws -> CreateSessionResult {
        var attempt = 0
        while true {
            let outcome = await attemptOnce(signed, via: client)
            switch outcome {
            case .success(let result):
                return result
            case .failure(let failure) where failure.isRetryable && attempt < configuration.maximumRetries:
                attempt += 1
                let delay = RetryBackoff.delay(attempt: attempt, baseMilliseconds: configuration.backoffBaseMilliseconds)
                logger.debug("attempt \(attempt) failed (\(failure.error.message)); retrying in \(delay) ms")
                try await Task.sleep(nanoseconds: UInt64(delay) * 1_000_000)
            case .failure(let failure):
                throw failure.error
            }
        }
    }

    private func attemptOnce(_ signed: SignedRequest, via client: HTTPClient) async -> Result<CreateSessionResult, AttemptFailure> {
        var request = HTTPClientRequest(url: signed.url)
        request.method = .POST
        for header in signed.headers where header.name != "Host" {
            request.headers.add(name: header.name, value: header.value)
        }
        request.body = .bytes(ByteBuffer(bytes: signed.body))
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await client.execute(request, timeout: .seconds(Int64(configuration.readTimeout + configuration.connectTimeout)))
            body = try await response.body.collect(upTo: Self.maximumResponseSize)
        } catch {
            return .failure(TransportFailure.classify(error, endpoint: signed.endpoint))
        }
        return ResponseInterpreter.interpret(
            status: Int(response.status.code), errorType: response.headers.first(name: "X-Amzn-ErrorType"), body: body)
    }
}
