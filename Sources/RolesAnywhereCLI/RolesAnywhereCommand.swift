import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

/// `roles-anywhere`: temporary AWS credentials through IAM Roles Anywhere.
struct RolesAnywhereCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles-anywhere",
        abstract: "Temporary AWS credentials through IAM Roles Anywhere, with keys in files or PKCS#11 tokens.",
        discussion: """
            Exit codes: 0 success, 64 usage, 65 bad input (files, certificates, keys, passwords, ARNs, \
            durations), 66 token or PIN, 67 refused by the service, 68 network or service unavailable, \
            69 local resource unavailable, 70 internal error; `cert check-expiry`: 10 inside the warning \
            window, 11 expired; `doctor`: 12 when a check fails.
            """,
        version: ToolVersion.current,
        subcommands: [
            CredentialProcessCommand.self,
            ExecCommand.self,
            RotateCommand.self,
            ReadCertificateDataCommand.self,
            SignStringCommand.self,
            TokenCommand.self,
            CertCommand.self,
            DoctorCommand.self,
            ServeCommand.self,
            UpdateCommand.self,
            CacheCommand.self,
            EmulatorCommand.self,
            VersionCommand.self,
        ]
    )
}
