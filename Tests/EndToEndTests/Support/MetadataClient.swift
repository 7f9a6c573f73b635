import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Plain HTTP to a `serve` endpoint, the way an SDK talks to IMDSv2: a token, then credentials.
struct MetadataClient: Sendable {
    /// `http://127.0.0.1:PORT/`, as printed in `AWS_EC2_METADATA_SERVICE_ENDPOINT`.
    let endpoint: String

    /// A session without caches, so every request reaches the server.
    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.timeoutIntervalForRequest = 30
        return URLSession(configuration: configuration)
    }()

    /// Sends a request and returns the status and body text.
    func send(_ method: String, _ path: String, headers: [String: String] = [:]) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: endpoint + path)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await Self.session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// A metadata token valid for six hours.
    func token() async throws -> String {
        try await send("PUT", "latest/api/token", headers: ["X-aws-ec2-metadata-token-ttl-seconds": "21600"]).body
    }

    /// The credential document of `role` (status and body).
    func credentials(token: String, role: String) async throws -> (status: Int, body: String) {
        try await send("GET", "latest/meta-data/iam/security-credentials/\(role)", headers: ["X-aws-ec2-metadata-token": token])
    }
}
