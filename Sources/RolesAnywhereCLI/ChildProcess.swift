import ArgumentParser
import CSystemCalls
import RolesAnywhere

#if canImport(Glibc)
import Glibc
#endif

/// Becomes the command `exec` runs (`execvp`), as aws-vault does: the command then gets every
/// signal the terminal, the CI runner or the service manager sends exactly once, and its exit
/// status is ours by construction.
enum ChildProcess {
    /// Signals this process may have set to be ignored itself (a broken connection's SIGPIPE).
    static let reset: [Int32] = [SIGPIPE]

    /// Replaces this process with `command` (searched on `PATH`) and `environment`.
    /// - Throws: one line when it cannot be started (exit 127 for a missing program, 126 otherwise).
    static func replace(with command: [String], environment: [String]) throws -> Never {
        // What this process changed must not reach the command: its standard error (moved away
        // while a PKCS#11 module ran), its hardening (signal actions, core-size limit), an ignored
        // SIGPIPE and the blocked signals of Swift's threads. What the parent set stays.
        if StandardError.descriptor != 2 { dup2(StandardError.descriptor, 2) }
        ProcessHardening.undoForCommand()
        for number in reset { signal(number, SIG_DFL) }
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
        let failure = withCStrings(command) { argv in
            withCStrings(environment) { envp -> Int32 in
                roles_anywhere_execvpe(command[0], argv, envp)
                return errno
            }
        }
        let why: String
        switch failure {
        case ENOENT: why = command[0].contains("/") ? "no such file" : "no such program on PATH"
        case EACCES: why = "permission denied (is it executable, and not a folder?)"
        default: why = String(cString: strerror(failure))
        }
        StandardError.write("roles-anywhere: cannot run '\(command[0])': \(why)")
        throw ExitCode(failure == ENOENT ? 127 : 126)
    }

    /// Calls `body` with a NULL-terminated C array of the strings.
    private static func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }
}
