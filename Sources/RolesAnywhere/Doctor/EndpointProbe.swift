import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL

/// Asks an endpoint for `/` over HTTPS, with the trust and proxy settings CreateSession uses,
/// to prove it is reachable and to read its clock from the `Date` header. Any HTTP answer
/// counts as reachable; nothing is signed and no credential is asked for.
enum EndpointProbe {
    /// What the endpoint answered.
    struct Answer {
        var status: Int
        /// The `Date` header, as sent.
        var date: String?
        /// The local time halfway between sending and receiving.
        var localTime: Date
        /// How long the exchange took.
        var elapsed: TimeInterval
    }

    static func probe(
        _ endpoint: ServiceEndpoint, configuration: ClientConfiguration, clock: @Sendable () -> Date
    ) async throws(RolesAnywhereError) -> Answer {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let path = configuration.caBundlePath {
            let bytes = try FileReader.read(path, role: "CA bundle (--ca-bundle / AWS_CA_BUNDLE)")
            guard let roots = try? NIOSSLCertificate.fromPEMBytes(bytes), !roots.isEmpty else {
                throw RolesAnywhereError(.invalidCertificate, "the CA bundle '\(path)' holds no readable PEM certificate")
            }
            tls.trustRoots = .certificates(roots)
        }
        if !configuration.verifiesTLS { tls.certificateVerification = .none }
        var http = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(Int64(configuration.connectTimeout)), read: .seconds(Int64(configuration.readTimeout))))
        http.httpVersion = .http1Only
        if let proxy = configuration.proxy { http.proxy = .server(host: proxy.host, port: proxy.port) }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
        var request = HTTPClientRequest(url: "\(endpoint)/")
        request.method = .GET
        let sent = clock()
        do {
            let response = try await client.execute(
                request, timeout: .seconds(Int64(configuration.connectTimeout + configuration.readTimeout)))
            _ = try? await response.body.collect(upTo: 1 << 16)
            let received = clock()
            try? await client.shutdown()
            return Answer(
                status: Int(response.status.code), date: response.headers.first(name: "Date"),
                localTime: sent.addingTimeInterval(received.timeIntervalSince(sent) / 2), elapsed: received.timeIntervalSince(sent))
        } catch {
            try? await client.shutdown()
            throw TransportFailure.classify(error, endpoint: endpoint).error
        }
    }
}
