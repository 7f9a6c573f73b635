import ArgumentParser

/// `roles-anywhere cert ca`: certificate authority tools.
struct CertCACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ca",
        abstract: "Certificate authorities for IAM Roles Anywhere trust anchors.",
        subcommands: [CertCACreateCommand.self])
}
