import ArgumentParser
import Logging
import RolesAnywhere

/// `roles-anywhere credential-process`: prints credentials as `credential_process` JSON.
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
        let logger = CommandLogger.make(debug: debug)
        let request = try session.makeRequest()
        let credentials: AWSCredentials
        if let store = cache.makeCache() {
            let cacheKey = CredentialCacheKey(certificateIdentity: try CacheOptions.certificateIdentity(key), request: request)
            credentials = try await store.credentials(for: cacheKey, durationSeconds: request.durationSeconds) {
                try await fetch(request, logger: logger)
            }
        } else {
            credentials = try await fetch(request, logger: logger)
        }
        print(CredentialProcessOutput.json(credentials))
    }

    private func fetch(_ request: CreateSessionRequest, logger: Logger) async throws -> AWSCredentials {
        let backend = try key.makeBackend()
        return try await CreateSessionClient.withClient(
            configuration: try connection.makeConfiguration(for: request.endpoint.host), logger: logger
        ) { client in
            try await client.createSession(request, backend: backend).credentials
        }
    }
}
