import RolesAnywhere
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import X509

/// How close a certificate is to its end, for `cert check-expiry` and monitoring.
public struct CertificateExpiry: Sendable, Hashable {
    /// Where the certificate stands.
    public enum Status: Sendable, Hashable {
        /// More than the warning window is left.
        case fine
        /// The end is inside the warning window.
        case expiresSoon
        /// The end has passed.
        case expired
    }

    /// The certificate's subject, as text.
    public let subject: String
    /// The end of the validity window.
    public let notAfter: Date
    /// Whole days left; once expired, minus the whole days since.
    public let daysLeft: Int
    /// Where the certificate stands.
    public let status: Status

    /// Checks a certificate at `now` against a warning window of `warnDays` days.
    /// - Throws: `certificateNotYetValid` when the window has not started (a clock problem),
    ///   `invalidArgument` for a negative `warnDays`.
    public init(_ certificate: Certificate, warnDays: Int, now: Date = Date()) throws(RolesAnywhereError) {
        guard warnDays >= 0 else {
            throw RolesAnywhereError(.invalidArgument, "--warn-days \(warnDays) is negative: give a number of days, e.g. 30")
        }
        if now < certificate.notValidBefore {
            throw RolesAnywhereError(
                .certificateNotYetValid,
                "the certificate \(certificate.subject) is not valid until \(ISO8601Timestamp.string(from: certificate.notValidBefore)): check this machine's clock")
        }
        let remaining = certificate.notValidAfter.timeIntervalSince(now)
        subject = String(describing: certificate.subject)
        notAfter = certificate.notValidAfter
        daysLeft = Int(remaining / 86_400)
        if remaining <= 0 {
            status = .expired
        } else if remaining <= TimeInterval(warnDays) * 86_400 {
            status = .expiresSoon
        } else {
            status = .fine
        }
    }

    /// The line `check-expiry` prints, e.g. `42 days left: CN=client expires 2026-01-01T00:00:00Z`
    /// or `expired: CN=client expired 3 days ago, on 2025-01-01T00:00:00Z`.
    public var summary: String {
        let end = ISO8601Timestamp.string(from: notAfter)
        switch status {
        case .expired:
            let ago = -daysLeft
            return "expired: \(subject) expired \(ago == 1 ? "1 day" : "\(ago) days") ago, on \(end)"
        case .fine, .expiresSoon:
            return "\(daysLeft) \(daysLeft == 1 ? "day" : "days") left: \(subject) expires \(end)\(status == .expiresSoon ? " (renew it)" : "")"
        }
    }
}
