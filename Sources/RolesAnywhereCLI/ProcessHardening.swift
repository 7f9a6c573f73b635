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
        // A crash (and SIGQUIT, Ctrl-\\) ends the process with the default action instead of the
        // backtracer's report, which would print threads and registers and then wait forever.
        for number in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT, SIGQUIT] {
            signal(number, SIG_DFL)
        }
    }
}
