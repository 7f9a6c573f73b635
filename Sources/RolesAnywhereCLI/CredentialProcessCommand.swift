import ArgumentParser
import Logging
import RolesAnywhere

/// `roles-anywhere credential-process`: prints credentials as `credential_process` JSON.
struct CredentialProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credential-process",
        abstract: "Print temporary credentials as credential_process JSON on stdout.")

    @OptionGroup var key: KeyOptions
    @OptionGroup var session: SessionOptions
    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Show the canonical request and string to sign on stderr (never a secret).")
    var debug = false

    func run() async throws {
        let logger = CommandLogger.make(debug: debug)
        let request = try session.makeRequest()
        let client = try CreateSessionClient(
            configuration: try connection.makeConfiguration(for: request.endpoint.host), logger: logger)
        let result: CreateSessionResult
        do {
            result = try await client.createSession(request, backend: key.makeBackend())
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
        print(CredentialProcessOutput.json(result.credentials))
    }
}
