import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

#if canImport(Glibc)
import Glibc
#endif

/// Entry point of `roles-anywhere-emulator`: every failure is one line on stderr and the
/// exit codes of `roles-anywhere`; never a stack trace.
@main
enum Main {
    static func main() async {
        do {
            var command = try EmulatorCommand.parseAsRoot(Array(CommandLine.arguments.dropFirst()))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as RolesAnywhereError {
            let line = "roles-anywhere-emulator: \(error.commandLineMessage)\n"
            _ = line.withCString { write(2, $0, strlen($0)) }
            exit(error.exitStatus)
        } catch {
            EmulatorCommand.exit(withError: error)
        }
    }
}
