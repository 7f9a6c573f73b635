import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RolesAnywhere
import RolesAnywhereTools

/// How long-running commands (`serve`, `update`) refresh, and how much they log.
struct RefreshOptions: ParsableArguments {
    @Option(help: "Refresh when fewer than this many seconds of validity remain.")
    var refreshMargin: Int = 900

    @Flag(help: "Log refreshes and the signing stages on stderr (never a secret).")
    var debug = false

    /// The margin in seconds, checked.
    func margin() throws(RolesAnywhereError) -> TimeInterval {
        guard refreshMargin >= 0 else {
            throw RolesAnywhereError(.invalidArgument, "--refresh-margin must be at least 0 seconds")
        }
        return TimeInterval(refreshMargin)
    }
}
