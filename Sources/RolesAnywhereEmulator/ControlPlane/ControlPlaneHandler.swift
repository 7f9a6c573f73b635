import Foundation
import GRDB

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

    /// Every path the control plane answers (Hummingbird route patterns).
    public static let routes: [(method: String, path: String)] = [
        ("POST", "/trustanchors"), ("GET", "/trustanchors"),
        ("GET", "/trustanchor/:id"), ("PATCH", "/trustanchor/:id"), ("DELETE", "/trustanchor/:id"),
        ("POST", "/trustanchor/:id/enable"), ("POST", "/trustanchor/:id/disable"),
        ("POST", "/profiles"), ("GET", "/profiles"),
        ("GET", "/profile/:id"), ("PATCH", "/profile/:id"), ("DELETE", "/profile/:id"),
        ("POST", "/profile/:id/enable"), ("POST", "/profile/:id/disable"),
        ("PUT", "/profiles/:id/mappings"), ("DELETE", "/profiles/:id/mappings"),
        ("POST", "/crls"), ("GET", "/crls"),
        ("GET", "/crl/:id"), ("PATCH", "/crl/:id"), ("DELETE", "/crl/:id"),
        ("POST", "/crl/:id/enable"), ("POST", "/crl/:id/disable"),
        ("GET", "/subjects"), ("GET", "/subject/:id"),
        ("PATCH", "/put-notifications-settings"), ("PATCH", "/reset-notifications-settings"),
        ("POST", "/TagResource"), ("POST", "/UntagResource"), ("GET", "/ListTagsForResource"),
    ]

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
            let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            let id = parts.count > 1 ? parts[1] : nil
            let name: String?
            switch (method, parts.first ?? "", parts.count, parts.count > 2 ? parts[2] : "") {
            case ("POST", "trustanchors", 1, _): name = "CreateTrustAnchor"
            case ("GET", "trustanchors", 1, _): name = "ListTrustAnchors"
            case ("GET", "trustanchor", 2, _): name = "GetTrustAnchor"
            case ("PATCH", "trustanchor", 2, _): name = "UpdateTrustAnchor"
            case ("DELETE", "trustanchor", 2, _): name = "DeleteTrustAnchor"
            case ("POST", "trustanchor", 3, "enable"): name = "EnableTrustAnchor"
            case ("POST", "trustanchor", 3, "disable"): name = "DisableTrustAnchor"
            case ("POST", "profiles", 1, _): name = "CreateProfile"
            case ("GET", "profiles", 1, _): name = "ListProfiles"
            case ("GET", "profile", 2, _): name = "GetProfile"
            case ("PATCH", "profile", 2, _): name = "UpdateProfile"
            case ("DELETE", "profile", 2, _): name = "DeleteProfile"
            case ("POST", "profile", 3, "enable"): name = "EnableProfile"
            case ("POST", "profile", 3, "disable"): name = "DisableProfile"
            case ("PUT", "profiles", 3, "mappings"): name = "PutAttributeMapping"
            case ("DELETE", "profiles", 3, "mappings"): name = "DeleteAttributeMapping"
            case ("POST", "crls", 1, _): name = "ImportCrl"
            case ("GET", "crls", 1, _): name = "ListCrls"
            case ("GET", "crl", 2, _): name = "GetCrl"
            case ("PATCH", "crl", 2, _): name = "UpdateCrl"
            case ("DELETE", "crl", 2, _): name = "DeleteCrl"
            case ("POST", "crl", 3, "enable"): name = "EnableCrl"
            case ("POST", "crl", 3, "disable"): name = "DisableCrl"
            case ("GET", "subjects", 1, _): name = "ListSubjects"
            case ("GET", "subject", 2, _): name = "GetSubject"
            case ("PATCH", "put-notifications-settings", 1, _): name = "PutNotificationSettings"
            case ("PATCH", "reset-notifications-settings", 1, _): name = "ResetNotificationSettings"
            case ("POST", "TagResource", 1, _): name = "TagResource"
            case ("POST", "UntagResource", 1, _): name = "UntagResource"
            case ("GET", "ListTagsForResource", 1, _): name = "ListTagsForResource"
            default: name = nil
            }
            guard let name else { return nil }
            self.name = name
            self.readOnly = method == "GET"
            self.id = id.map { PercentCoding.decode($0) }
        }
    }
}
