import Logging

extension CreateSessionClient {
    /// Runs `body` with a new client and shuts the client down afterwards, on every path.
    public static func withClient<Result>(
        configuration: ClientConfiguration, logger: Logger, _ body: (CreateSessionClient) async throws -> Result
    ) async throws -> Result {
        let client = try CreateSessionClient(configuration: configuration, logger: logger)
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }
}
