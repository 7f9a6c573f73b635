import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

#if canImport(Glibc)
import Glibc
#endif

/// `roles-anywhere exec -- COMMAND`: runs a command with temporary credentials in its
/// environment, the way CI jobs and scripts want them (as aws-vault exec and granted do).
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command with temporary credentials in its environment.",
        discussion: """
            Sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION \
            (and AWS_REGION/AWS_DEFAULT_REGION with --region), removes AWS_PROFILE and AWS_DEFAULT_PROFILE, and \
            becomes COMMAND (execvp): every signal reaches it once, and its exit status is this command's. \
            Nothing secret is put on a command line. \
            Credentials come from the cache like credential-process.
            """)

    @OptionGroup var key: KeyOptions
    @OptionGroup var session: SessionOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var cache: CacheOptions

    @Flag(help: "Show the canonical request and string to sign on stderr (never a secret).")
    var debug = false

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else { throw ValidationError("give the command to run after --, e.g. exec ... -- aws s3 ls") }
    }

    func run() async throws {
        let credentials = try await CredentialProcess(
            CredentialProcessSettings(
                key: key.settings, session: session.settings, connection: connection.settings, cache: cache.settings, debug: debug)
        ).credentials()
        var environment = ChildEnvironment.current()
        environment.remove("AWS_PROFILE")
        environment.remove("AWS_DEFAULT_PROFILE")
        // The long-lived secrets stay with us: the variables named by env: inputs and the PIN and
        // password settings are not the command's to read.
        let settings = key.settings
        for input in [settings.certificate, settings.privateKey, settings.intermediates].compactMap({ $0 })
        where input.hasPrefix("env:") {
            environment.remove(String(input.dropFirst(4)))
        }
        for name in [settings.pinEnv, settings.passwordEnv].compactMap({ $0 }) { environment.remove(name) }
        environment.set("AWS_ACCESS_KEY_ID", credentials.accessKeyID)
        environment.set("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey)
        environment.set("AWS_SESSION_TOKEN", credentials.sessionToken)
        environment.set("AWS_CREDENTIAL_EXPIRATION", ISO8601Timestamp.string(from: credentials.expiration))
        if let region = session.region {
            environment.set("AWS_REGION", region)
            environment.set("AWS_DEFAULT_REGION", region)
        }
        try ChildProcess.replace(with: command, environment: environment.entries)
    }
}

/// The environment a child gets, as `NAME=value` entries.
struct ChildEnvironment {
    private(set) var entries: [String]

    /// This process's environment.
    static func current() -> ChildEnvironment {
        var entries: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            entries.append(String(cString: entry))
            pointer += 1
        }
        return ChildEnvironment(entries: entries)
    }

    mutating func remove(_ name: String) {
        entries.removeAll { $0.hasPrefix(name + "=") }
    }

    mutating func set(_ name: String, _ value: String) {
        remove(name)
        entries.append("\(name)=\(value)")
    }
}
