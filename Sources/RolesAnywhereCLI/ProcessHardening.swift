import CSystemCalls

#if canImport(Glibc)
import Glibc
#endif

/// What the process does before it reads a secret: no core dumps, no debugger attach by other
/// processes of the user, and no crash reports (Swift's backtracer prints registers and memory,
/// where a PIN or a secret key could be).
enum ProcessHardening {
    /// The signals whose action is set to the default.
    private static let signals = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT, SIGQUIT]
    /// What they were before, and the core-size limit before, for a program `exec` starts.
    nonisolated(unsafe) private static var previousActions: [sighandler_t?] = []
    nonisolated(unsafe) private static var previousCoreLimit = rlimit()

    static func apply() {
        getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &previousCoreLimit)
        _ = roles_anywhere_disable_dumps()
        // A crash (and SIGQUIT, Ctrl-\\) ends the process with the default action instead of the
        // backtracer's report, which would print threads and registers and then wait forever.
        // (`signal` hands back the previous action at no extra cost.)
        previousActions = signals.map { signal($0, SIG_DFL) }
    }

    /// Puts back what ``apply()`` changed, for the command `exec` becomes: the signal actions it
    /// found and the core-size limit.
    static func undoForCommand() {
        for (number, action) in zip(signals, previousActions) { signal(number, action) }
        setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &previousCoreLimit)
    }
}
