import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

/// `roles-anywhere emulator`: the local service moved to its own program; this only says so.
struct EmulatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Moved: the local IAM Roles Anywhere service is the program roles-anywhere-emulator.",
        shouldDisplay: false)

    @Argument(parsing: .allUnrecognized) var ignored: [String] = []

    func run() throws {
        throw RolesAnywhereError(
            .invalidArgument, "the local service is its own program now: run roles-anywhere-emulator with the same flags")
    }
}
