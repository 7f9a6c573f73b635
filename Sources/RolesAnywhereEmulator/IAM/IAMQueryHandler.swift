import Foundation

/// The local IAM (query protocol, `Version=2010-05-08`): roles, their trust policies and
/// attached managed policies, answered in the XML botocore parses. Every call is SigV4-HMAC
/// verified and recorded as a CloudTrail event (`iam.amazonaws.com`).
public struct IAMQueryHandler: Sendable {
    static let version = "2010-05-08"
    static let xmlNamespace = "https://iam.amazonaws.com/doc/2010-05-08/"

    let state: EmulatorState
    /// IAM is global: requests are signed for us-east-1.
    let verifier = SigV4HMACVerifier(service: "iam", region: "us-east-1")

    public init(state: EmulatorState) {
        self.state = state
    }

    /// Answers one request.
    public func handle(_ request: ReceivedRequest, sourceIP: String?, now: Date) async -> ServiceAnswer {
        let requestID = RandomID.uuid()
        let caller: STSCredentialRecord
        switch verifier.verify(request, now: now, lookup: { state.credentials(for: $0) }) {
        case .success(let record): caller = record
        case .failure(let error):
            return Self.xml(error.code.httpStatus, STSResponse.error(error, requestID: requestID).body, requestID: requestID)
        }
        let parameters = STSQueryParameters(request)
        let action = parameters["Action"] ?? ""
        var draft = EventDraft(
            name: action, source: "iam.amazonaws.com", readOnly: action.hasPrefix("Get") || action.hasPrefix("List"), time: now,
            region: "us-east-1", accountID: state.accountID, sourceIPAddress: sourceIP, userAgent: request.header("User-Agent"),
            requestID: requestID, caller: caller)
        let members = parameters.values.filter { $0.key != "Action" && $0.key != "Version" }
        draft.requestParameters = .object(
            Dictionary(members.map { (Self.camelCase($0.key), JSONValue.string($0.value)) }, uniquingKeysWith: { first, _ in first }))
        guard parameters["Version"] == Self.version else {
            return Self.xml(400, IAMError(status: 400, code: "InvalidAction", message: "Could not find operation \(action) for version \(parameters["Version"] ?? "NO_VERSION_SPECIFIED")").xml(requestID: requestID), requestID: requestID)
        }
        let call = IAMCall(state: state, parameters: parameters, now: now, draft: draft)
        guard state.permits(caller, readOnly: draft.readOnly) else {
            let refusal = IAMError(
                status: 403, code: "AccessDenied",
                message: "User: \(caller.assumedRoleARN) is not authorized to perform: iam:\(action) (its role has neither AdministratorAccess nor, for reads, ReadOnlyAccess)")
            await state.record(draft.event(errorCode: refusal.code, errorMessage: refusal.message))
            return Self.xml(403, refusal.xml(requestID: requestID), requestID: requestID)
        }
        do {
            let output: IAMCall.Output
            switch action {
            case "CreateRole": output = try await createRole(call)
            case "GetRole": output = try getRole(call)
            case "ListRoles": output = try listRoles(call)
            case "DeleteRole": output = try await deleteRole(call)
            case "UpdateAssumeRolePolicy": output = try await updateAssumeRolePolicy(call)
            case "AttachRolePolicy": output = try await attachRolePolicy(call, attach: true)
            case "DetachRolePolicy": output = try await attachRolePolicy(call, attach: false)
            case "ListAttachedRolePolicies": output = try listAttachedRolePolicies(call)
            default:
                throw IAMError(status: 400, code: "InvalidAction", message: "Could not find operation \(action) for version \(Self.version)")
            }
            if draft.readOnly {
                var read = draft
                read.resources = output.resources
                await state.record(read.event())
            }
            return Self.xml(200, "<\(action)Response xmlns=\"\(Self.xmlNamespace)\">"
                + (output.result.isEmpty ? "" : "<\(action)Result>\(output.result)</\(action)Result>")
                + "<ResponseMetadata><RequestId>\(requestID)</RequestId></ResponseMetadata></\(action)Response>", requestID: requestID)
        } catch {
            let refusal = error as? IAMError ?? IAMError(status: 500, code: "ServiceFailure", message: "the state database failed: \(error)")
            await state.record(draft.event(errorCode: refusal.code, errorMessage: refusal.message))
            return Self.xml(refusal.status, refusal.xml(requestID: requestID), requestID: requestID)
        }
    }

    static func xml(_ status: Int, _ body: String, requestID: String) -> ServiceAnswer {
        ServiceAnswer(status: status, headers: [("Content-Type", "text/xml"), ("x-amzn-RequestId", requestID)], body: Array(body.utf8))
    }

    /// `RoleName` as CloudTrail writes request parameters: `roleName`.
    static func camelCase(_ key: String) -> String {
        guard let first = key.first else { return key }
        return first.lowercased() + key.dropFirst()
    }
}
