import ArgumentParser
import Logging
import RolesAnywhere

/// `roles-anywhere credential-process`: prints credentials as `credential_process` JSON.
///
/// Normal runs are parsed by ``CredentialProcessInvocation`` and never reach this type; it
/// declares the flags for `--help` and for the test that keeps both lists equal.
struct CredentialProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credential-process",
        abstract: "Print temporary credentials as credential_process JSON on stdout.",
        discussion: """
            Credentials are cached (files 0600 in a 0700 folder) and reused while more than 15 minutes \
            remain, so AWS tools that run this for every call do not make a CreateSession each time; \
            parallel cold runs share one CreateSession.
            """)

    @OptionGroup var key: KeyOptions
    @OptionGroup var session: SessionOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var cache: CacheOptions

    @Flag(help: "Show the canonical request and string to sign on stderr (never a secret).")
    var debug = false

    func run() async throws {
        try await CredentialProcess.run(
            CredentialProcessSettings(
                key: key.settings, session: session.settings, connection: connection.settings, cache: cache.settings, debug: debug))
    }
}

/// What `credential-process` does once its arguments are read.
enum CredentialProcess {
    static func run(_ settings: CredentialProcessSettings) async throws {
        let request = try settings.session.makeRequest()
        let credentials: AWSCredentials
        if let store = settings.cache.makeCache() {
            let cacheKey = CredentialCacheKey(
                certificateIdentity: try CacheSettings.certificateIdentity(settings.key), request: request)
            credentials = try await store.credentials(for: cacheKey, durationSeconds: request.durationSeconds) {
                try await fetch(request, settings)
            }
        } else {
            credentials = try await fetch(request, settings)
        }
        StandardOutput.write(CredentialProcessOutput.json(credentials))
    }

    private static func fetch(_ request: CreateSessionRequest, _ settings: CredentialProcessSettings) async throws -> AWSCredentials {
        let backend = try settings.key.makeBackend()
        let client = try CreateSessionClient(
            configuration: try settings.connection.makeConfiguration(for: request.endpoint.host),
            logger: CommandLogger.make(debug: settings.debug))
        return try await client.createSession(request, backend: backend).credentials
    }
}
