import ArgumentParser

/// `roles-anywhere cert`: a private CA, client certificates, and expiry checks.
struct CertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cert",
        abstract: "Make a CA, issue client certificates from CSRs, and check expiry.",
        subcommands: [CertCACommand.self, CertIssueCommand.self, CertCheckExpiryCommand.self])
}
