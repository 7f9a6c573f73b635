import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

#if canImport(Glibc)
import Glibc
#endif

/// Entry point: runs the command and turns every error into one line on stderr and a
/// documented exit code; never a stack trace.
@main
enum Main {
    static func main() async {
        ProcessHardening.apply()
        // The engine asks for PINs and key passwords through this; it never opens the terminal itself.
        let arguments = PinentryChoice.normalized(CommandLine.arguments.dropFirst())
        SecretPrompt.bootstrap(PinentryChoice.prompter(for: arguments))
        ModuleOutput.debug = arguments.prefix { $0 != "--" }.contains("--debug") || getenv("ROLES_ANYWHERE_MODULE_OUTPUT") != nil
        do {
            try Self.requireUTF8Arguments()
            // credential-process runs once per AWS CLI call: its arguments are read without
            // ArgumentParser's reflection (see CredentialProcessInvocation).
            // `version` is what scripts probe with: no command tree for it either.
            if arguments.elementsEqual(["version"]) || arguments.elementsEqual(["--version"]) {
                StandardOutput.write(ToolVersion.current)
                return
            }
            if arguments.first == "credential-process", !CredentialProcessInvocation.wantsHelp(arguments.dropFirst()) {
                let process = try CredentialProcess(try CredentialProcessInvocation.parse(arguments.dropFirst()))
                if !process.answerFromCache() { try await process.run() }
                // Everything is written (with write(2), no buffers): end without the libraries'
                // exit-time clean-up (OpenSSL frees its tables), which only costs time.
                _exit(0)
            }
            var command: any ParsableCommand
            if arguments.first == "serve", !CredentialProcessInvocation.wantsHelp(arguments),
                arguments.contains(where: { $0 == "--config" || $0.hasPrefix("--config=") })
            {
                // The bindings file replaces serve's required key and session flags.
                command = try ServeBindingsCommand.parseAsRoot(Array(arguments.dropFirst()))
            } else {
                command = try RolesAnywhereCommand.parseAsRoot(Array(arguments))
            }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as RolesAnywhereError {
            StandardError.write("roles-anywhere: \(error.commandLineMessage)")
            exit(error.exitStatus)
        } catch let error as CredentialProcessInvocation.UsageError {
            StandardError.write("roles-anywhere: \(error.message)")
            exit(ExitCode.validationFailure.rawValue)
        } catch let error as ExitCode {
            exit(error.rawValue)
        } catch {
            let code = RolesAnywhereCommand.exitCode(for: error)
            // Help and --version print as ArgumentParser words them; a usage mistake is one line.
            if code == .success { RolesAnywhereCommand.exit(withError: error) }
            StandardError.write("roles-anywhere: \(Self.usageLine(RolesAnywhereCommand.message(for: error)))")
            exit(code.rawValue)
        }
    }

    /// Swift reads arguments as UTF-8, so a file name in another encoding would turn into a path
    /// that does not exist ("no such file"); say what is really wrong instead.
    static func requireUTF8Arguments() throws(CredentialProcessInvocation.UsageError) {
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
            if String(validating: bytes, as: UTF8.self) == nil {
                throw CredentialProcessInvocation.UsageError(
                    message: "argument \(index) is not UTF-8 text (a file name in another encoding?): rename the file, or give a link to it whose name is UTF-8")
            }
        }
    }

    /// The first line of ArgumentParser's message, without its `Error: ` prefix, plus where to look.
    static func usageLine(_ message: String) -> String {
        var line = message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? "invalid usage"
        if line.hasPrefix("Error: ") { line.removeFirst("Error: ".count) }
        return line + " (see roles-anywhere --help)"
    }
}
