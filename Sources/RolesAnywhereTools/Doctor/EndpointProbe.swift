import RolesAnywhere
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#endif

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
        let client = HTTPSClient(configuration: try configuration.transport(maximumResponseSize: 1 << 16))
        let sent = clock()
        let response: HTTPResponse
        do {
            response = try await BlockingWork.run { () throws(TransportError) in
                try client.exchange(method: "GET", endpoint: endpoint, pathAndQuery: "/", headers: [], body: [])
            }
        } catch {
            throw TransportFailure.classify(error).error
        }
        let received = clock()
        return Answer(
            status: response.status, date: response.header("Date"),
            localTime: sent.addingTimeInterval(received.timeIntervalSince(sent) / 2), elapsed: received.timeIntervalSince(sent))
    }
}
