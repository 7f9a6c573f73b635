import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RolesAnywhere

/// The HTTP handlers of the emulator, on one HTTPS endpoint: `POST /sessions` (CreateSession),
/// the Roles Anywhere control plane (by path), and on `POST /` STS, IAM, CloudTrail and ACM
/// Private CA (by `X-Amz-Target`, then by the SigV4 scope's service).
public struct EmulatorService: Sendable {
    public let state: EmulatorState
    public let verifier: SessionRequestVerifier
    public let issuer: CredentialIssuer
    public let sts: STSQueryHandler
    public let controlPlane: ControlPlaneHandler
    public let iam: IAMQueryHandler
    public let cloudTrail: CloudTrailHandler
    public let auditLog: AuditLog?
    /// ACM Private CA, with `--private-ca`.
    public let privateCA: PrivateCAHandler?
    private let clock: @Sendable () -> Date

    public init(
        state: EmulatorState, auditLog: AuditLog?, privateCA: PrivateCertificateAuthority? = nil,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.state = state
        self.privateCA = privateCA.map { PrivateCAHandler(authority: $0) }
        self.verifier = SessionRequestVerifier(directory: { state.directory })
        self.issuer = CredentialIssuer(accountID: state.accountID, region: state.region, store: state.issued)
        self.sts = STSQueryHandler()
        self.controlPlane = ControlPlaneHandler(state: state)
        self.iam = IAMQueryHandler(state: state)
        self.cloudTrail = CloudTrailHandler(state: state)
        self.auditLog = auditLog
        self.clock = clock
    }

    /// The router with every route of the emulator.
    public func makeRouter() -> Router<EmulatorRequestContext> {
        let router = Router(context: EmulatorRequestContext.self)
        router.post("/sessions") { request, context in try await self.createSession(request, context: context) }
        router.post("/") { request, context in try await self.queryOrTargetService(request, context: context) }
        for route in ControlPlaneHandler.routes {
            router.on(RouterPath(route.path), method: HTTPRequest.Method(route.method)!) { request, context in
                // The API's largest members (crlData 300000, sessionPolicy 100000 bytes) fit, base64 included.
                guard let received = try? await ReceivedRequest.collect(request, limit: ControlPlaneHandler.maximumBodySize) else {
                    return Self.response(.refusal(
                        ControlPlaneError(status: 413, type: "ValidationException", message: "Request body larger than 1 MiB"),
                        requestID: RandomID.uuid()))
                }
                let answer = await self.controlPlane.handle(received, sourceIP: context.remoteAddress?.ipAddress, now: self.clock())
                return Self.response(answer)
            }
        }
        return router
    }

    static func response(_ answer: ServiceAnswer) -> Response {
        var headers = HTTPFields()
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    func createSession(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let now = clock()
        if let length = request.headers[.contentLength].flatMap(Int.init), length > SessionRequestVerifier.maximumBodySize {
            // Refused from the header alone: the body is never read.
            return await refuse(
                .head(of: request), context: context, now: now,
                ServiceError(
                    status: 413, type: "ValidationException", message: "Request body too large",
                    reason: "Content-Length \(length) exceeds 64 KiB"))
        }
        var received: ReceivedRequest
        do {
            received = try await ReceivedRequest.collect(request, limit: SessionRequestVerifier.maximumBodySize)
            received.sourceIP = context.remoteAddress?.ipAddress
        } catch {
            return await refuse(
                .head(of: request), context: context, now: now,
                ServiceError(
                    status: 413, type: "ValidationException", message: "Request body too large",
                    reason: "the body exceeds 64 KiB"))
        }
        switch await verifier.verify(received, now: now) {
        case .success(let session):
            var answer = issuer.issue(for: session, now: now)
            let accessKeyID = answer.credentialSet?.first?.credentials?.accessKeyId
            do {
                answer.subjectArn = try await recordSession(session, answer: answer, request: received, context: context, now: now)
            } catch {
                // Not recorded, not issued: the credentials are forgotten and the refusal is audited.
                if let accessKeyID { state.issued.remove(accessKeyID) }
                return await refuse(received, context: context, now: now, ServiceError(
                    status: 500, type: "InternalServerException", message: "Internal failure", reason: "the state database failed: \(error)"))
            }
            if let auditLog {
                var record = AuditRecord(request: received, clientAddress: context.remoteAddress?.ipAddress, now: now)
                record.outcome = "issued"
                record.status = 201
                record.accessKeyId = accessKeyID
                auditLog.append(record)
            }
            return Response(
                status: .created, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: Self.answerText(answer))))
        case .failure(let error):
            return await refuse(received, context: context, now: now, error)
        }
    }

    /// Logs a refused CreateSession request (audit log and CloudTrail) and answers it.
    private func refuse(_ request: ReceivedRequest, context: EmulatorRequestContext, now: Date, _ error: ServiceError) async -> Response {
        if let auditLog {
            var record = AuditRecord(request: request, clientAddress: context.remoteAddress?.ipAddress, now: now)
            record.status = error.status
            record.errorType = error.type
            record.reason = error.reason
            auditLog.append(record)
        }
        let draft = sessionEvent(request, context: context, now: now)
        await state.record(draft.event(errorCode: error.type, errorMessage: error.message))
        return Self.refusal(error)
    }

    /// STS, IAM, CloudTrail and ACM Private CA, all on `POST /`.
    func queryOrTargetService(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let received = try await ReceivedRequest.collect(request, limit: ControlPlaneHandler.maximumBodySize)
        let target = received.header("X-Amz-Target") ?? ""
        if target.hasPrefix(CloudTrailHandler.targetPrefix) {
            return Self.response(await cloudTrail.handle(received, now: clock()))
        }
        if Self.scopeService(of: received) == "iam" {
            return Self.response(await iam.handle(received, sourceIP: context.remoteAddress?.ipAddress, now: clock()))
        }
        let state = self.state
        if let privateCA, target.hasPrefix(PrivateCAHandler.targetPrefix) {
            let answer = privateCA.handle(received, now: clock(), lookup: { state.credentials(for: $0) })
            let headers = [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-RequestId", RandomID.uuid())]
                + (answer.errorType.map { [("X-Amzn-ErrorType", $0)] } ?? [])
            return Self.response(ServiceAnswer(status: answer.status, headers: headers, body: Array(answer.body.utf8)))
        }
        let answer = sts.handle(received, now: clock(), lookup: { state.credentials(for: $0) })
        return Self.response(ServiceAnswer(
            status: answer.status, headers: [("Content-Type", answer.contentType)] + answer.headers, body: Array(answer.body.utf8)))
    }

    /// The service named by the SigV4 credential scope (`Credential=AKID/DATE/REGION/SERVICE/aws4_request`).
    static func scopeService(of request: ReceivedRequest) -> String? {
        guard let authorization = request.header("Authorization"), let range = authorization.range(of: "Credential=") else { return nil }
        let scope = authorization[range.upperBound...].prefix { $0 != "," && $0 != " " }
        let parts = scope.split(separator: "/")
        return parts.count == 5 ? String(parts[3]) : nil
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
