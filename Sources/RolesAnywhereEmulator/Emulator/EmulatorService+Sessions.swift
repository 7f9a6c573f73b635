import Foundation
import GRDB
import RolesAnywhere
import X509

extension EmulatorService {
    /// The CloudTrail event of a CreateSession request, filled with what can be read from it, verified or not.
    func sessionEvent(_ request: ReceivedRequest, context: EmulatorRequestContext, now: Date) -> EventDraft {
        var draft = EventDraft(
            name: "CreateSession", source: "rolesanywhere.amazonaws.com", readOnly: false, time: now, region: state.region,
            accountID: state.accountID, sourceIPAddress: context.remoteAddress?.ipAddress, userAgent: request.header("User-Agent"),
            requestID: UUID().uuidString.lowercased(), caller: nil)
        let audit = AuditRecord(request: request, clientAddress: nil, now: now)
        var parameters = [String: JSONValue]()
        if let value = audit.trustAnchorArn { parameters["trustAnchorArn"] = .string(value) }
        if let value = audit.profileArn { parameters["profileArn"] = .string(value) }
        if let value = audit.roleArn { parameters["roleArn"] = .string(value) }
        if case .object(let body)? = try? JSONDecoder().decode(JSONValue.self, from: Data(request.body)) {
            for key in ["durationSeconds", "roleSessionName"] { parameters[key] = body[key] }
        }
        draft.requestParameters = .object(parameters)
        draft.resources = [
            audit.trustAnchorArn.map { ("AWS::RolesAnywhere::TrustAnchor", $0) }, audit.profileArn.map { ("AWS::RolesAnywhere::Profile", $0) },
            audit.roleArn.map { ("AWS::IAM::Role", $0) },
        ].compactMap { $0 }
        if let value = request.header("X-Amz-X509"), let der = Data(base64Encoded: value),
            let certificate = try? Certificate(derEncoded: Array(der))
        {
            draft.username = PrincipalTags.commonName(certificate) ?? certificate.subject.description
            draft.additionalEventData = Self.certificateFacts(certificate)
        }
        return draft
    }

    /// The certificate's serial (hex), subject and issuer, as CloudTrail's additionalEventData.
    static func certificateFacts(_ certificate: Certificate) -> JSONValue {
        .object([
            "x509CertificateSerialNumber": .string(Hex.encode(certificate.serialNumber.bytes)),
            "x509CertificateSubject": .string(certificate.subject.description),
            "x509CertificateIssuer": .string(certificate.issuer.description),
        ])
    }

    /// Records an issued session: its subject and its event, in one transaction. Answers the subject's ARN.
    func recordSession(
        _ session: VerifiedSession, answer: CreateSessionResponse, request: ReceivedRequest, context: EmulatorRequestContext, now: Date
    ) async throws -> String {
        var draft = sessionEvent(request, context: context, now: now)
        let certificate = session.certificate
        let timestamp = LocalResource.timestamp(now)
        let credential = LocalResource.Subject.Credential(
            seenAt: timestamp, serialNumber: Hex.encode(certificate.serialNumber.bytes), issuer: certificate.issuer.description,
            enabled: true, x509CertificateData: Self.pem(certificate), failed: false)
        let subjectName = certificate.subject.description
        let prefix = state.arn("subject", "")
        let issued = JSONValue.of(answer)
        draft.resources = [
            ("AWS::RolesAnywhere::TrustAnchor", session.trustAnchorARN), ("AWS::RolesAnywhere::Profile", session.profileARN),
            ("AWS::IAM::Role", session.roleARN),
        ]
        let finished = draft
        return try await state.database.write { db in
            let subject = try StateDatabase.recordSubject(subjectName, credential: credential, arnPrefix: prefix, now: timestamp, in: db)
            var response = issued
            if case .object(var members)? = issued {
                members["subjectArn"] = .string(subject.subjectArn)
                response = .object(members)
            }
            try StateDatabase.insert(finished.event(response: response), in: db)
            return subject.subjectArn
        }
    }

    static func pem(_ certificate: Certificate) -> String {
        (try? certificate.serializeAsPEM().pemString) ?? ""
    }
}
