import ArgumentParser

/// `roles-anywhere token`: PKCS#11 token tools.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Inspect PKCS#11 tokens.",
        subcommands: [TokenListCommand.self])
}
