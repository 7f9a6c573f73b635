import Foundation

/// The IAM Roles Anywhere control plane (REST-JSON, API version 2018-05-10, signing name
/// `rolesanywhere`): trust anchors, profiles, CRLs, subjects, notification settings,
/// attribute mappings and tags, with AWS's paths, status codes, shapes, pagination and errors.
///
/// Every call is SigV4-HMAC verified (administrator keys, or credentials CreateSession issued)
/// and recorded as a CloudTrail event; a change and its event are one transaction.
public struct ControlPlaneHandler: Sendable {
    let state: EmulatorState
    let verifier: SigV4HMACVerifier
    /// The largest request body read, in bytes.
    public static let maximumBodySize = 1024 * 1024

    public init(state: EmulatorState) {
        self.state = state
        self.verifier = SigV4HMACVerifier(service: "rolesanywhere", region: state.region)
    }

    /// Every operation of the control plane: method, path pattern (`:id` is the resource id) and
    /// name. The router's routes and the dispatch both read this one table.
    static let operations: [(method: String, path: String, name: String)] = [
        ("POST", "/trustanchors", "CreateTrustAnchor"), ("GET", "/trustanchors", "ListTrustAnchors"),
        ("GET", "/trustanchor/:id", "GetTrustAnchor"), ("PATCH", "/trustanchor/:id", "UpdateTrustAnchor"),
        ("DELETE", "/trustanchor/:id", "DeleteTrustAnchor"),
        ("POST", "/trustanchor/:id/enable", "EnableTrustAnchor"), ("POST", "/trustanchor/:id/disable", "DisableTrustAnchor"),
        ("POST", "/profiles", "CreateProfile"), ("GET", "/profiles", "ListProfiles"),
        ("GET", "/profile/:id", "GetProfile"), ("PATCH", "/profile/:id", "UpdateProfile"), ("DELETE", "/profile/:id", "DeleteProfile"),
        ("POST", "/profile/:id/enable", "EnableProfile"), ("POST", "/profile/:id/disable", "DisableProfile"),
        ("PUT", "/profiles/:id/mappings", "PutAttributeMapping"), ("DELETE", "/profiles/:id/mappings", "DeleteAttributeMapping"),
        ("POST", "/crls", "ImportCrl"), ("GET", "/crls", "ListCrls"),
        ("GET", "/crl/:id", "GetCrl"), ("PATCH", "/crl/:id", "UpdateCrl"), ("DELETE", "/crl/:id", "DeleteCrl"),
        ("POST", "/crl/:id/enable", "EnableCrl"), ("POST", "/crl/:id/disable", "DisableCrl"),
        ("GET", "/subjects", "ListSubjects"), ("GET", "/subject/:id", "GetSubject"),
        ("PATCH", "/put-notifications-settings", "PutNotificationSettings"),
        ("PATCH", "/reset-notifications-settings", "ResetNotificationSettings"),
        ("POST", "/TagResource", "TagResource"), ("POST", "/UntagResource", "UntagResource"),
        ("GET", "/ListTagsForResource", "ListTagsForResource"),
    ]

    /// Every path the control plane answers (Hummingbird route patterns).
    public static var routes: [(method: String, path: String)] { operations.map { ($0.method, $0.path) } }

    /// Answers one request.
    public func handle(_ request: ReceivedRequest, sourceIP: String?, now: Date) async -> ServiceAnswer {
        let requestID = RandomID.uuid()
        let caller: STSCredentialRecord
        switch verifier.verify(request, now: now, lookup: { state.credentials(for: $0) }) {
        case .success(let record): caller = record
        case .failure(let error): return .refusal(Self.authenticationError(error), requestID: requestID)
        }
        guard let operation = Operation(method: request.method, path: request.path) else {
            return .refusal(ControlPlaneError(status: 404, type: "ResourceNotFoundException", message: "Not Found"), requestID: requestID)
        }
        var draft = EventDraft(
            name: operation.name, source: "rolesanywhere.amazonaws.com", readOnly: operation.readOnly, time: now,
            region: state.region, accountID: state.accountID, sourceIPAddress: sourceIP, userAgent: request.header("User-Agent"),
            requestID: requestID, caller: caller)
        draft.requestParameters = Self.parameters(of: request, id: operation.id)
        guard state.permits(caller, readOnly: operation.readOnly) else {
            let refusal = ControlPlaneError.accessDenied(
                "User: \(caller.assumedRoleARN) is not authorized to perform: rolesanywhere:\(operation.name)")
            await state.record(draft.event(errorCode: refusal.type, errorMessage: refusal.message))
            return .refusal(refusal, requestID: requestID)
        }
        let call = ControlPlaneCall(state: state, request: request, now: now, id: operation.id, draft: draft)
        do {
            let output = try await run(operation, call)
            if operation.readOnly {
                var read = draft
                read.resources = output.resources
                await state.record(read.event(response: nil))
            }
            return ServiceAnswer(
                status: output.status, headers: [("Content-Type", "application/json"), ("x-amzn-RequestId", requestID)],
                body: output.body)
        } catch {
            let refusal = error as? ControlPlaneError
                ?? ControlPlaneError(status: 500, type: "InternalServerException", message: "the state database failed: \(error)")
            await state.record(draft.event(errorCode: refusal.type, errorMessage: refusal.message))
            return .refusal(refusal, requestID: requestID)
        }
    }

    private func run(_ operation: Operation, _ call: ControlPlaneCall) async throws -> ControlPlaneCall.Output {
        switch operation.name {
        case "CreateTrustAnchor": try await createTrustAnchor(call)
        case "ListTrustAnchors": try listTrustAnchors(call)
        case "GetTrustAnchor": try getTrustAnchor(call)
        case "UpdateTrustAnchor": try await updateTrustAnchor(call)
        case "DeleteTrustAnchor": try await deleteTrustAnchor(call)
        case "EnableTrustAnchor": try await setTrustAnchor(call, enabled: true)
        case "DisableTrustAnchor": try await setTrustAnchor(call, enabled: false)
        case "CreateProfile": try await createProfile(call)
        case "ListProfiles": try listProfiles(call)
        case "GetProfile": try getProfile(call)
        case "UpdateProfile": try await updateProfile(call)
        case "DeleteProfile": try await deleteProfile(call)
        case "EnableProfile": try await setProfile(call, enabled: true)
        case "DisableProfile": try await setProfile(call, enabled: false)
        case "PutAttributeMapping": try await putAttributeMapping(call)
        case "DeleteAttributeMapping": try await deleteAttributeMapping(call)
        case "ImportCrl": try await importCRL(call)
        case "ListCrls": try listCRLs(call)
        case "GetCrl": try getCRL(call)
        case "UpdateCrl": try await updateCRL(call)
        case "DeleteCrl": try await deleteCRL(call)
        case "EnableCrl": try await setCRL(call, enabled: true)
        case "DisableCrl": try await setCRL(call, enabled: false)
        case "ListSubjects": try listSubjects(call)
        case "GetSubject": try getSubject(call)
        case "PutNotificationSettings": try await putNotificationSettings(call)
        case "ResetNotificationSettings": try await resetNotificationSettings(call)
        case "TagResource": try await tagResource(call)
        case "UntagResource": try await untagResource(call)
        default: try listTagsForResource(call)
        }
    }

    /// REST-JSON's answers to a failed signature check (botocore reads `x-amzn-ErrorType`).
    static func authenticationError(_ error: STSError) -> ControlPlaneError {
        switch error.code {
        case .invalidClientTokenId:
            ControlPlaneError(status: 403, type: "UnrecognizedClientException", message: "The security token included in the request is invalid.")
        case .expiredToken:
            ControlPlaneError(status: 403, type: "ExpiredTokenException", message: "The security token included in the request is expired")
        case .missingAuthenticationToken:
            ControlPlaneError(status: 403, type: "MissingAuthenticationTokenException", message: "Missing Authentication Token")
        case .signatureDoesNotMatch, .incompleteSignature:
            ControlPlaneError(status: 403, type: "InvalidSignatureException", message: error.message)
        default:
            ControlPlaneError(status: 403, type: "AccessDeniedException", message: error.message)
        }
    }

    /// The request's parameters for its event: the body's members, the id and the query.
    static func parameters(of request: ReceivedRequest, id: String?) -> JSONValue? {
        var members = [String: JSONValue]()
        if !request.body.isEmpty, case .object(let body)? = try? JSONDecoder().decode(JSONValue.self, from: Data(request.body)) {
            members = body
        }
        for (key, value) in request.queryParameters { members[key] = .string(value) }
        if let id { members["id"] = .string(id) }
        return members.isEmpty ? nil : .object(members)
    }

    /// An operation found from the method and the path.
    struct Operation {
        var name: String
        var readOnly: Bool
        var id: String?

        init?(method: String, path: String) {
            let parts = path.split(separator: "/", omittingEmptySubsequences: true)
            var id: Substring?
            let found = ControlPlaneHandler.operations.first { operation in
                let pattern = operation.path.split(separator: "/")
                guard operation.method == method, pattern.count == parts.count else { return false }
                for (expected, given) in zip(pattern, parts) where expected != ":id" && expected != given { return false }
                id = pattern.firstIndex(of: ":id").map { parts[$0] }
                return true
            }
            guard let found else { return nil }
            self.name = found.name
            self.readOnly = method == "GET"
            self.id = id.map { PercentCoding.decode(String($0)) }
        }
    }
}
