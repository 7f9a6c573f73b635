import ArgumentParser

/// `roles-anywhere version`.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    func run() {
        print(ToolVersion.current)
    }
}
