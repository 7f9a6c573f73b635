#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RolesAnywhere
import RolesAnywhereTools

/// The hidden `--now` option of `cert ca create` and `cert issue`: a TEST SEAM that fixes the
/// time of issue, so tests make near-expiry and expired certificates without waiting. Users
/// never need it.
enum CertTestClock {
    /// The time `--now` names (ISO 8601, e.g. `2024-01-01T00:00:00Z`), else the current time.
    static func now(_ value: String?) throws(RolesAnywhereError) -> Date {
        guard let value else { return Date() }
        guard let date = ISO8601Timestamp.date(from: value) else {
            throw RolesAnywhereError(.invalidArgument, "--now '\(value)' is not an ISO 8601 time such as 2024-01-01T00:00:00Z")
        }
        return date
    }
}
