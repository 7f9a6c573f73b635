import RolesAnywhere
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The validity window of a certificate the tools issue: from a few minutes before `now`
/// (so a client whose clock is slightly behind can use it at once) for `days` days, in
/// whole seconds.
struct ValidityPeriod: Sendable, Hashable {
    /// How far the start is set back from the time of issue.
    static let backdating: TimeInterval = 300
    /// The longest validity asked for, in days (100 years).
    static let maximumDays = 36_500

    let notBefore: Date
    let notAfter: Date

    /// - Throws: `invalidArgument` when `days` is not 1 to ``maximumDays``.
    init(days: Int, from now: Date) throws(RolesAnywhereError) {
        guard (1...Self.maximumDays).contains(days) else {
            throw RolesAnywhereError(.invalidArgument, "--days \(days) is out of range: use 1 to \(Self.maximumDays)")
        }
        // Certificates hold whole seconds: start from one, so "days left" never rounds up.
        let start = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        notBefore = start.addingTimeInterval(-Self.backdating)
        notAfter = start.addingTimeInterval(TimeInterval(days) * 86_400)
    }
}
