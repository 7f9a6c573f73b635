import RolesAnywhere

#if canImport(Glibc)
import Glibc
#endif

/// The prompt a command uses without `--pinentry`: the terminal when there is one, else a
/// pinentry program when one is installed (IDEs and GUI tools start `credential_process`
/// with no terminal), else the request's own "nobody can be asked" failure.
public struct AutomaticPrompt: SecretPrompt.Prompter {
    /// The prompt of a process with or without a terminal.
    public init() {}

    public func readSecret(_ request: SecretPrompt.Request) throws(RolesAnywhereError) -> [UInt8] {
        let terminal = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        if terminal >= 0 {
            close(terminal)
            return try TerminalPrompt().readSecret(request)
        }
        guard let program = PinentryPrompt.locate(nil) else { throw request.unavailable }
        return try PinentryPrompt(program: program).readSecret(request)
    }
}
