import ArgumentParser

/// `roles-anywhere token`: PKCS#11 token tools.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Inspect PKCS#11 tokens, generate keys in them, make CSRs, store certificates.",
        subcommands: [TokenListCommand.self, TokenKeygenCommand.self, TokenCSRCommand.self, TokenImportCertCommand.self])
}
