#if canImport(FoundationEssentials)
import FoundationEssentials
#else
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#endif
import NIOHTTP1
import RolesAnywhere
import Synchronization

/// The HTTP routes of `serve`: an IMDSv2-style endpoint and, optionally, a container
/// credentials endpoint, both answering from one ``CredentialRefresher``.
///
/// Every request must name this server as its `Host` (`127.0.0.1:PORT`, `[::1]:PORT` or
/// `localhost:PORT`) and carry no `Origin`: a web page the user visits cannot reach it through
/// a rebound DNS name, nor read its answers. Requests that came through a proxy
/// (`X-Forwarded-For`) are refused, as IMDSv2 does.
public struct CredentialService: Sendable {
    /// The largest TTL a metadata token may ask for, in seconds (AWS's limit).
    public static let maximumTokenTTL = 21_600
    /// The container credentials path.
    public static let containerPath = "/container-credentials"
    /// The Prometheus metrics path.
    public static let metricsPath = "/metrics"
    /// The path prefix of the bindings of `serve --config`: `/roles/<name>`.
    public static let rolesPath = "/roles/"
    static let credentialsPath = "/latest/meta-data/iam/security-credentials"

    public let refresher: CredentialRefresher
    /// The role name listed under `security-credentials/`.
    public let roleName: String
    public let tokens: MetadataTokenStore
    /// The `Authorization` value container clients must send; nil disables the endpoint.
    public let containerAuthorizationToken: String?
    /// The bindings served at `/roles/<name>`, by name (empty without `--config`).
    public let roleBindings: [String: RoleBinding]
    /// What `GET /metrics` shows; nil answers 404 there.
    public let metrics: ServeMetrics?
    private let clock: @Sendable () -> Date
    private let documents = DocumentCache()
    private let refreshNudge = RefreshNudge()

    public init(
        refresher: CredentialRefresher, roleName: String, tokens: MetadataTokenStore = MetadataTokenStore(),
        containerAuthorizationToken: String? = nil, roleBindings: [RoleBinding] = [], metrics: ServeMetrics? = nil,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.metrics = metrics
        self.refresher = refresher
        self.roleName = roleName
        self.tokens = tokens
        self.containerAuthorizationToken = containerAuthorizationToken
        self.roleBindings = Dictionary(roleBindings.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.clock = clock
    }

    /// What a request asks for.
    public struct Request: Sendable {
        public var method: String
        /// The request target as sent (path and query).
        public var uri: String
        public var headers: HTTPHeaders
        /// The port the request arrived on, for the `Host` rule.
        public var localPort: Int
        /// The `Host` values served on that port (``CredentialService/allowedHosts(port:)``, made once a connection).
        public var allowedHosts: [String]

        public init(method: String, uri: String, headers: HTTPHeaders, localPort: Int, allowedHosts: [String]? = nil) {
            self.method = method
            self.uri = uri
            self.headers = headers
            self.localPort = localPort
            self.allowedHosts = allowedHosts ?? CredentialService.allowedHosts(port: localPort)
        }
    }

    /// An answer: status, content type, body.
    public struct Answer: Sendable {
        public var status: Int
        public var contentType: String
        public var body: String
        public var extraHeaders: [(String, String)] = []

        static func text(_ status: Int, _ body: String) -> Answer { Answer(status: status, contentType: "text/plain", body: body) }
        static func json(_ status: Int, _ body: String) -> Answer { Answer(status: status, contentType: "application/json", body: body) }
    }

    /// An answer now, or one that needs the refresher to fetch first.
    public enum Reply: Sendable {
        case now(Answer)
        case later(@Sendable () async -> Answer)
    }

    /// Routes one request.
    public func reply(to request: Request) -> Reply {
        if let refusal = refusal(of: request) { return .now(refusal) }
        let path = request.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        switch (request.method, path) {
        case ("PUT", "/latest/api/token"):
            return .now(issueToken(request))
        case ("GET", Self.credentialsPath), ("GET", Self.credentialsPath + "/"):
            return .now(hasValidToken(request) ? .text(200, roleName) : .text(401, "Unauthorized"))
        case ("GET", _) where path.hasPrefix(Self.credentialsPath + "/"):
            guard hasValidToken(request) else { return .now(.text(401, "Unauthorized")) }
            guard path.dropFirst(Self.credentialsPath.count + 1) == roleName else { return .now(.text(404, "Not Found")) }
            return credentialsReply(.instanceMetadata) { CredentialDocuments.instanceMetadata($0, lastUpdated: $1) }
        case ("GET", Self.containerPath) where containerAuthorizationToken != nil:
            guard let expected = containerAuthorizationToken, let given = request.headers.first(name: "Authorization"),
                ConstantTime.equals(given, expected)
            else {
                return .now(.json(401, CredentialDocuments.failure(code: "Unauthorized", message: "missing or wrong Authorization token")))
            }
            return credentialsReply(.container) { credentials, _ in CredentialDocuments.container(credentials) }
        case ("GET", Self.metricsPath) where metrics != nil:
            var answer = Answer(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: metrics?.text(now: clock()) ?? "")
            answer.extraHeaders = []
            return .now(answer)
        case ("GET", _) where path.hasPrefix(Self.rolesPath) && !roleBindings.isEmpty:
            // An unknown name answers as a wrong token does: names cannot be probed without one.
            guard let binding = roleBindings[String(path.dropFirst(Self.rolesPath.count))],
                let given = request.headers.first(name: "Authorization"), ConstantTime.equals(given, binding.authorizationToken)
            else {
                return .now(.json(401, CredentialDocuments.failure(code: "Unauthorized", message: "missing or wrong Authorization token")))
            }
            return credentialsReply(
                .container, refresher: binding.refresher, documents: binding.documents, nudge: binding.refreshNudge
            ) { credentials, _ in CredentialDocuments.container(credentials) }
        default:
            return .now(.text(404, "Not Found"))
        }
    }

    /// The `Host` values a request to `port` may carry.
    public static func allowedHosts(port: Int) -> [String] {
        ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)"]
    }

    /// The loopback rules: the right `Host`, no `Origin`, no `X-Forwarded-For`.
    func refusal(of request: Request) -> Answer? {
        guard let host = request.headers.first(name: "Host"),
            request.allowedHosts.contains(where: { $0.utf8.count == host.utf8.count && $0 == host.lowercased() })
        else {
            let port = request.localPort
            return .text(403, "the Host header must be 127.0.0.1:\(port), [::1]:\(port) or localhost:\(port)")
        }
        if request.headers.contains(name: "Origin") {
            return .text(403, "requests from web pages (Origin) are refused")
        }
        if request.headers.contains(name: "X-Forwarded-For") {
            return .text(400, "requests through a proxy (X-Forwarded-For) are refused")
        }
        return nil
    }

    func issueToken(_ request: Request) -> Answer {
        guard let value = request.headers.first(name: "X-aws-ec2-metadata-token-ttl-seconds"), let ttl = Int(value),
            (1...Self.maximumTokenTTL).contains(ttl)
        else {
            return .text(400, "X-aws-ec2-metadata-token-ttl-seconds must be 1 to \(Self.maximumTokenTTL)")
        }
        var answer = Answer.text(200, tokens.issue(ttl: ttl, now: clock()))
        answer.extraHeaders = [("X-aws-ec2-metadata-token-ttl-seconds", String(ttl))]
        return answer
    }

    /// Held credentials answer at once (a refresh they are due for runs in the background);
    /// only when none are held does the answer wait for the refresher. Documents are made once
    /// per credential set and route (``documents``), not per request.
    private func credentialsReply(
        _ route: DocumentCache.Route, _ document: @escaping @Sendable (AWSCredentials, Date) -> String
    ) -> Reply {
        credentialsReply(route, refresher: refresher, documents: documents, nudge: refreshNudge, document)
    }

    private func credentialsReply(
        _ route: DocumentCache.Route, refresher: CredentialRefresher, documents: DocumentCache, nudge refreshNudge: RefreshNudge,
        _ document: @escaping @Sendable (AWSCredentials, Date) -> String
    ) -> Reply {
        let clock = self.clock
        if let held = refresher.heldCredentials(at: clock()) {
            if !held.isFresh, refreshNudge.start() {
                // One background refresh at a time, not one task per request while a refresh is due.
                let nudge = refreshNudge
                Task {
                    _ = try? await refresher.credentials()
                    nudge.finish()
                }
            }
            return .now(.json(200, documents.document(route, for: held) { document(held.credentials, held.fetchedAt) }))
        }
        return .later {
            do {
                let credentials = try await refresher.credentials()
                return .json(200, document(credentials, refresher.heldCredentials(at: clock())?.fetchedAt ?? clock()))
            } catch {
                // Never "Code":"Success" with empty fields: an error status SDKs treat as a failure.
                return .json(503, CredentialDocuments.failure(code: "CredentialsUnavailable", message: "no valid credentials: \(error)"))
            }
        }
    }

    private func hasValidToken(_ request: Request) -> Bool {
        guard let token = request.headers.first(name: "X-aws-ec2-metadata-token") else { return false }
        return tokens.isValid(token, now: clock())
    }
}

/// Whether a background refresh started by a request is under way.
final class RefreshNudge: Sendable {
    private let running = Atomic<Bool>(false)

    /// True when no nudge was running and this call started one.
    func start() -> Bool { running.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged }

    /// Marks the nudge done.
    func finish() { running.store(false, ordering: .releasing) }
}
