import CSystemCalls

#if canImport(Glibc)
import Glibc
#endif

/// What the process does before it reads a secret: no core dumps, no debugger attach by other
/// processes of the user, and no crash reports (Swift's backtracer prints registers and memory,
/// where a PIN or a secret key could be).
enum ProcessHardening {
    static func apply() {
        _ = roles_anywhere_disable_dumps()
        // A crash ends the process with the signal's default action instead of the backtracer's report.
        for number in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT] {
            signal(number, SIG_DFL)
        }
    }
}
