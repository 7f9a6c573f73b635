import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RolesAnywhere

/// The HTTP handlers of the emulator: `POST /sessions` (CreateSession) and `POST /` (STS).
public struct EmulatorService: Sendable {
    public let verifier: SessionRequestVerifier
    public let issuer: CredentialIssuer
    public let sts: STSQueryHandler
    public let auditLog: AuditLog?
    /// ACM Private CA, with `--private-ca`.
    public let privateCA: PrivateCAHandler?
    private let clock: @Sendable () -> Date

    public init(
        directory: ServiceDirectory, auditLog: AuditLog?, privateCA: PrivateCertificateAuthority? = nil,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.privateCA = privateCA.map { PrivateCAHandler(authority: $0) }
        self.verifier = SessionRequestVerifier(directory: directory)
        self.issuer = CredentialIssuer(accountID: directory.accountID, region: directory.region, store: IssuedCredentialStore())
        self.sts = STSQueryHandler()
        self.auditLog = auditLog
        self.clock = clock
    }

    /// The router with every route of the emulator.
    public func makeRouter() -> Router<EmulatorRequestContext> {
        let router = Router(context: EmulatorRequestContext.self)
        router.post("/sessions") { request, context in try await self.createSession(request, context: context) }
        router.post("/") { request, _ in try await self.securityTokenService(request) }
        return router
    }

    func createSession(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let now = clock()
        if let length = request.headers[.contentLength].flatMap(Int.init), length > SessionRequestVerifier.maximumBodySize {
            // Refused from the header alone: the body is never read.
            return refuse(
                .head(of: request), context: context, now: now,
                ServiceError(
                    status: 413, type: "ValidationException", message: "Request body too large",
                    reason: "Content-Length \(length) exceeds 64 KiB"))
        }
        let received: ReceivedRequest
        do {
            received = try await ReceivedRequest.collect(request, limit: SessionRequestVerifier.maximumBodySize)
        } catch {
            return refuse(
                .head(of: request), context: context, now: now,
                ServiceError(
                    status: 413, type: "ValidationException", message: "Request body too large",
                    reason: "the body exceeds 64 KiB"))
        }
        switch await verifier.verify(received, now: now) {
        case .success(let session):
            let answer = issuer.issue(for: session, now: now)
            if let auditLog {
                var record = AuditRecord(request: received, clientAddress: context.remoteAddress?.ipAddress, now: now)
                record.outcome = "issued"
                record.status = 201
                record.accessKeyId = answer.credentialSet?.first?.credentials?.accessKeyId
                auditLog.append(record)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let body = try encoder.encode(answer)
            return Response(
                status: .created, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        case .failure(let error):
            return refuse(received, context: context, now: now, error)
        }
    }

    /// Logs a refused CreateSession request and answers it.
    private func refuse(_ request: ReceivedRequest, context: EmulatorRequestContext, now: Date, _ error: ServiceError) -> Response {
        guard let auditLog else { return Self.refusal(error) }
        var record = AuditRecord(request: request, clientAddress: context.remoteAddress?.ipAddress, now: now)
        record.status = error.status
        record.errorType = error.type
        record.reason = error.reason
        auditLog.append(record)
        return Self.refusal(error)
    }

    func securityTokenService(_ request: Request) async throws -> Response {
        let received = try await ReceivedRequest.collect(request, limit: SessionRequestVerifier.maximumBodySize)
        let store = issuer.store
        if let privateCA, received.header("X-Amz-Target")?.hasPrefix(PrivateCAHandler.targetPrefix) == true {
            let answer = privateCA.handle(received, now: clock(), lookup: { store.record(for: $0) })
            var headers = HTTPFields()
            headers[.contentType] = "application/x-amz-json-1.1"
            headers[HTTPField.Name("x-amzn-RequestId")!] = UUID().uuidString.lowercased()
            if let type = answer.errorType { headers[HTTPField.Name("X-Amzn-ErrorType")!] = type }
            return Response(
                status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: answer.body)))
        }
        let answer = sts.handle(received, now: clock(), lookup: { store.record(for: $0) })
        var headers = HTTPFields()
        headers[.contentType] = answer.contentType
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(
            status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }

    static let reasonHeader = HTTPField.Name("X-Roles-Anywhere-Emulator-Reason")!

    static func refusal(_ error: ServiceError) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[HTTPField.Name("X-Amzn-ErrorType")!] = error.type
        headers[reasonHeader] = String(error.reason.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 }.map(Character.init))
        return Response(
            status: .init(code: error.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: error.body)))
    }
}
