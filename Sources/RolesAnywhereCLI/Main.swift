import ArgumentParser
import RolesAnywhere

#if canImport(Glibc)
import Glibc
#endif

/// Entry point: runs the command and turns every error into one line on stderr and a
/// documented exit code; never a stack trace.
@main
enum Main {
    static func main() async {
        do {
            var command = try parse(Array(CommandLine.arguments.dropFirst()))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as RolesAnywhereError {
            StandardError.write("roles-anywhere: \(error.message)")
            exit(error.exitCode)
        } catch let error as ExitCode {
            exit(error.rawValue)
        } catch {
            RolesAnywhereCommand.exit(withError: error)
        }
    }

    /// Parses the command line. `credential-process` runs once per AWS CLI call, so it is
    /// parsed on its own: building the whole command tree (every subcommand's arguments,
    /// the completion-script check) costs milliseconds of runtime type lookups at each start.
    /// Help and parse errors go through the full tree so messages name the whole command.
    static func parse(_ arguments: [String]) throws -> any ParsableCommand {
        let helpWords: Set<String> = ["-h", "--help", "help", "--generate-completion-script", "--experimental-dump-help"]
        if arguments.first == CredentialProcessCommand.configuration.commandName,
            !arguments.contains(where: helpWords.contains),
            let command = try? CredentialProcessCommand.parseAsRoot(Array(arguments.dropFirst()))
        {
            return command
        }
        return try RolesAnywhereCommand.parseAsRoot(arguments)
    }
}
