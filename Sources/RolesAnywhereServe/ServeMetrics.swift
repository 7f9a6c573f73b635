#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Prometheus
import RolesAnywhere
import Synchronization

/// What `GET /metrics` shows, in the Prometheus text format: when the certificate and the
/// credentials expire, refreshes by outcome, and how long CreateSession takes. Kept in
/// swift-prometheus's registry, which also writes the text.
public final class ServeMetrics: Sendable {
    /// The buckets of the CreateSession latency histogram, in seconds.
    public static let latencyBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private let registry = PrometheusCollectorRegistry()
    private let certificateNotAfter: Gauge
    private let certificateDaysLeft: Gauge
    private let credentialsExpiry: Gauge
    private let refreshSucceeded: Counter
    private let refreshFailed: Counter
    private let latency: ValueHistogram
    private let renewed: Counter
    private let renewalFailed: Counter
    private let notAfter = Mutex<Date?>(nil)

    /// Metrics with no samples yet.
    public init() {
        certificateNotAfter = registry.makeGauge(
            name: "roles_anywhere_certificate_not_after_seconds", help: "End of the certificate's validity, in seconds since 1970")
        certificateDaysLeft = registry.makeGauge(
            name: "roles_anywhere_certificate_days_left", help: "Days until the certificate expires")
        credentialsExpiry = registry.makeGauge(
            name: "roles_anywhere_credentials_expiry_seconds", help: "Expiration of the held credentials, in seconds since 1970")
        let refreshes = "CreateSession calls of the refresher, by outcome"
        refreshSucceeded = registry.makeCounter(name: "roles_anywhere_refreshes_total", labels: [("outcome", "success")], help: refreshes)
        refreshFailed = registry.makeCounter(name: "roles_anywhere_refreshes_total", labels: [("outcome", "failure")], help: refreshes)
        let renewals = "Certificate renewals of --auto-renew, by outcome"
        renewed = registry.makeCounter(name: "roles_anywhere_renewals_total", labels: [("outcome", "renewed")], help: renewals)
        renewalFailed = registry.makeCounter(name: "roles_anywhere_renewals_total", labels: [("outcome", "failure")], help: renewals)
        latency = registry.makeValueHistogram(
            name: "roles_anywhere_create_session_duration_seconds", buckets: Self.latencyBuckets,
            help: "How long CreateSession took, signing and TLS included")
    }

    /// One CreateSession: its duration, and its credentials when it succeeded.
    public func recordCreateSession(seconds: Double, credentials: AWSCredentials?) {
        latency.record(seconds)
        if let credentials {
            refreshSucceeded.increment()
            credentialsExpiry.set(credentials.expiration.timeIntervalSince1970)
        } else {
            refreshFailed.increment()
        }
    }

    /// One renewal attempt that was due.
    public func recordRenewal(succeeded: Bool) {
        (succeeded ? renewed : renewalFailed).increment()
    }

    /// The certificate in use, by its end of validity.
    public func setCertificate(notAfter date: Date) {
        notAfter.withLock { $0 = date }
        certificateNotAfter.set(date.timeIntervalSince1970)
    }

    /// The text of the metrics as of `now` (days left are worked out here).
    public func text(now: Date) -> String {
        if let date = notAfter.withLock({ $0 }) {
            certificateDaysLeft.set((date.timeIntervalSince(now) / 86_400 * 1000).rounded() / 1000)
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
