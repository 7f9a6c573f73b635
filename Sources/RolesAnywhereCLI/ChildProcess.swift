import ArgumentParser
import Dispatch
import RolesAnywhere
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program as a child, passes it the signals a terminal or a service manager sends,
/// and reports how it ended (`exec`, where the child is the point).
///
/// Hand-written over posix_spawn: Foundation's `Process` would start a run loop thread and
/// cannot give the child default signal actions while this process ignores them.
enum ChildProcess {
    /// The signals passed on to the child.
    static let forwarded: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2]

    /// Runs `command` (searched on `PATH`) with `environment` and waits for it.
    /// - Returns: its exit status, or 128 + the signal that ended it.
    /// - Throws: one line when it cannot be started (exit 127 for a missing program, 126 otherwise).
    static func run(_ command: [String], environment: [String]) throws -> Int32 {
        // The signals are taken by dispatch sources (as `StopSignals` does), which work whatever
        // the signal masks of Swift's threads are; the child gets them back at their defaults.
        var sources: [any DispatchSourceSignal] = []
        let child = Atomic<Int32>(0)
        for number in forwarded {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler {
                let pid = child.load(ordering: .acquiring)
                if pid > 0 { kill(pid, number) }
            }
            source.resume()
            sources.append(source)
        }
        defer { for source in sources { source.cancel() } }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new program starts with no signal blocked (Swift's worker threads block many) and
        // the forwarded ones at their default action.
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in forwarded + [SIGPIPE] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var pid: pid_t = 0
        let started = withCStrings(command) { argv in
            withCStrings(environment) { envp in posix_spawnp(&pid, command[0], nil, &attributes, argv, envp) }
        }
        guard started == 0 else {
            let why = started == ENOENT ? "no such program on PATH" : String(cString: strerror(started))
            StandardError.write("roles-anywhere: cannot run '\(command[0])': \(why)")
            throw ExitCode(started == ENOENT ? 127 : 126)
        }
        child.store(pid, ordering: .releasing)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        child.store(0, ordering: .releasing)
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Calls `body` with a NULL-terminated C array of the strings.
    private static func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }
}
