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
            var command = try RolesAnywhereCommand.parseAsRoot()
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
}
