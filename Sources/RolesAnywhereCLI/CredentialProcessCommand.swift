import ArgumentParser
import Logging
import RolesAnywhere
import RolesAnywhereTools

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
        try await CredentialProcess(
            CredentialProcessSettings(
                key: key.settings, session: session.settings, connection: connection.settings, cache: cache.settings, debug: debug)
        ).run()
    }
}

/// What `credential-process` does once its arguments are read.
struct CredentialProcess {
    let settings: CredentialProcessSettings
    let request: CreateSessionRequest
    /// The cache and this request's key in it, unless `--no-cache`.
    let cache: (store: CredentialCache, key: CredentialCacheKey)?

    /// Checks the request and works out its cache key; nothing is fetched or started yet.
    init(_ settings: CredentialProcessSettings) throws {
        self.settings = settings
        let request = try settings.session.makeRequest()
        self.request = request
        if let store = settings.cache.makeCache() {
            cache = (store, try CacheSettings.cacheKey(settings.key, request: request))
        } else {
            cache = nil
        }
    }

    /// Prints fresh cached credentials and returns true; false when a fetch is needed. Synchronous,
    /// so a cache hit (the common case of every AWS CLI call) starts no thread and no TLS.
    func answerFromCache() -> Bool {
        guard let cache, let credentials = cache.store.freshCredentials(for: cache.key, durationSeconds: request.durationSeconds) else {
            return false
        }
        StandardOutput.write(CredentialProcessOutput.json(credentials))
        return true
    }

    /// Answers from the cache, or fetches (sharing a fetch with parallel runs) and prints.
    func run() async throws {
        if answerFromCache() { return }
        StandardOutput.write(CredentialProcessOutput.json(try await credentials()))
    }

    /// Fresh cached credentials, or new ones (sharing a fetch with parallel runs; cached).
    func credentials() async throws -> AWSCredentials {
        if let cache {
            return try await cache.store.credentials(
                for: cache.key, durationSeconds: request.durationSeconds,
                report: { StandardError.write("roles-anywhere: WARNING: \(CacheSettings.warning($0))") }
            ) {
                try await fetch()
            }
        }
        return try await fetch()
    }

    private func fetch() async throws -> AWSCredentials {
        let backend = try settings.key.makeBackend()
        let client = try CreateSessionClient(
            configuration: try settings.connection.makeConfiguration(for: request.endpoint.host),
            logger: CommandLogger.make(debug: settings.debug))
        return try await client.createSession(request, backend: backend).credentials
    }
}
