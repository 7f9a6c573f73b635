#if canImport(Glibc)
import Glibc
#endif

/// What a PKCS#11 module prints on the process's standard error is the module's, not ours:
/// tpm2-pkcs11 writes a dozen `ERROR:tcti` lines when the TPM is unreachable and an
/// `ERROR: Esys_Unseal` line for each wrong PIN. Before a module is loaded the CLI moves its
/// own messages to a copy of standard error and points descriptor 2 at `/dev/null`, so a
/// failure is still exactly one line of ours, naming the module and the token.
/// With `--debug`, or `ROLES_ANYWHERE_MODULE_OUTPUT` set (for commands without `--debug`), the
/// module's output is left where it is, to help find what went wrong.
enum ModuleOutput {
    private nonisolated(unsafe) static var diverted = false
    /// Set once at start when the command line has `--debug`.
    nonisolated(unsafe) static var debug = false

    /// Silences modules' output from now on (once per process), unless `--debug` was given.
    static func silence() {
        guard !debug, !diverted else { return }
        let ours = fcntl(2, F_DUPFD_CLOEXEC, 3)
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard ours >= 0, null >= 0 else {
            if ours >= 0 { close(ours) }
            if null >= 0 { close(null) }
            return
        }
        StandardError.descriptor = ours
        dup2(null, 2)
        close(null)
        diverted = true
    }
}
