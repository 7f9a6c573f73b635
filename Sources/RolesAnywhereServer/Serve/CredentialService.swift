import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RolesAnywhere

/// The HTTP routes of `serve`: an IMDSv2-style endpoint and, optionally, a container
/// credentials endpoint, both answering from one ``CredentialRefresher``.
public struct CredentialService: Sendable {
    /// The largest TTL a metadata token may ask for, in seconds (AWS's limit).
    public static let maximumTokenTTL = 21_600
    /// The container credentials path.
    public static let containerPath = "/container-credentials"

    public let refresher: CredentialRefresher
    /// The role name listed under `security-credentials/`.
    public let roleName: String
    public let tokens: MetadataTokenStore
    /// The `Authorization` value container clients must send; nil disables the endpoint.
    public let containerAuthorizationToken: String?
    private let clock: @Sendable () -> Date

    public init(
        refresher: CredentialRefresher, roleName: String, tokens: MetadataTokenStore = MetadataTokenStore(),
        containerAuthorizationToken: String? = nil, clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.refresher = refresher
        self.roleName = roleName
        self.tokens = tokens
        self.containerAuthorizationToken = containerAuthorizationToken
        self.clock = clock
    }

    /// Every route of the credential server.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ForwardedRequestRefusal())
        router.put("/latest/api/token") { request, _ in self.issueToken(request) }
        router.get("/latest/meta-data/iam/security-credentials") { request, _ in self.listRoles(request) }
        router.get("/latest/meta-data/iam/security-credentials/:role") { request, context in
            await self.instanceCredentials(request, role: context.parameters.get("role") ?? "")
        }
        if containerAuthorizationToken != nil {
            router.get(RouterPath(Self.containerPath)) { request, _ in await self.containerCredentials(request) }
        }
        return router
    }

    func issueToken(_ request: Request) -> Response {
        guard let value = request.headers[HTTPField.Name("X-aws-ec2-metadata-token-ttl-seconds")!], let ttl = Int(value),
            (1...Self.maximumTokenTTL).contains(ttl)
        else {
            return Self.text(.badRequest, "X-aws-ec2-metadata-token-ttl-seconds must be 1 to \(Self.maximumTokenTTL)")
        }
        let token = tokens.issue(ttl: ttl, now: clock())
        var response = Self.text(.ok, token)
        response.headers[HTTPField.Name("X-aws-ec2-metadata-token-ttl-seconds")!] = String(ttl)
        return response
    }

    func listRoles(_ request: Request) -> Response {
        guard hasValidToken(request) else { return Self.text(.unauthorized, "Unauthorized") }
        return Self.text(.ok, roleName)
    }

    func instanceCredentials(_ request: Request, role: String) async -> Response {
        guard hasValidToken(request) else { return Self.text(.unauthorized, "Unauthorized") }
        guard role == roleName else { return Self.text(.notFound, "Not Found") }
        return await credentialsResponse { credentials in
            CredentialDocuments.instanceMetadata(credentials, lastUpdated: self.clock())
        }
    }

    func containerCredentials(_ request: Request) async -> Response {
        guard let expected = containerAuthorizationToken, let given = request.headers[.authorization],
            ConstantTimeComparison.equal(given, expected)
        else {
            return Self.json(.unauthorized, CredentialDocuments.failure(code: "Unauthorized", message: "missing or wrong Authorization token"))
        }
        return await credentialsResponse { CredentialDocuments.container($0) }
    }

    private func credentialsResponse(_ document: @Sendable (AWSCredentials) -> String) async -> Response {
        do {
            let credentials = try await refresher.credentials()
            return Self.json(.ok, document(credentials))
        } catch {
            // Never "Code":"Success" with empty fields: an error status SDKs treat as a failure.
            return Self.json(
                .serviceUnavailable,
                CredentialDocuments.failure(code: "CredentialsUnavailable", message: "no valid credentials: \(error)"))
        }
    }

    private func hasValidToken(_ request: Request) -> Bool {
        guard let token = request.headers[HTTPField.Name("X-aws-ec2-metadata-token")!] else { return false }
        return tokens.isValid(token, now: clock())
    }

    static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Refuses requests that came through a proxy (`X-Forwarded-For`), as IMDSv2 does.
struct ForwardedRequestRefusal: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.headers[HTTPField.Name("X-Forwarded-For")!] != nil {
            return CredentialService.text(.badRequest, "requests through a proxy (X-Forwarded-For) are refused")
        }
        return try await next(request, context)
    }
}

/// Compares secrets without an early exit.
enum ConstantTimeComparison {
    static func equal(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
