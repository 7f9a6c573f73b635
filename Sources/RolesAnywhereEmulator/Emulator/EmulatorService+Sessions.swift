import Crypto
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

    /// Records an issued session: its credentials, its subject and its event, committed before
    /// the answer goes out. Answers the subject's ARN.
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
        let subjectID = Self.subjectID(subjectName)
        let subjectARN = state.arn("subject", subjectID)
        draft.resources = [
            ("AWS::RolesAnywhere::TrustAnchor", session.trustAnchorARN), ("AWS::RolesAnywhere::Profile", session.profileARN),
            ("AWS::IAM::Role", session.roleARN),
        ]
        let event = draft.event(response: Self.responseElements(answer, subjectARN: subjectARN))
        let issuedRecord = (answer.credentialSet?.first?.credentials?.accessKeyId).flatMap { state.issued.record(for: $0) }
        try await state.sessionWriter.write { db in
            if let issuedRecord { try StateDatabase.insert(issuedRecord, in: db) }
            try StateDatabase.recordSubject(id: subjectID, x509Subject: subjectName, credential: credential, now: timestamp, in: db)
            try StateDatabase.insert(event, in: db)
        }
        return subjectARN
    }

    /// A subject's id: a UUID made from its name, so every request of one subject finds the same
    /// row without reading first.
    static func subjectID(_ x509Subject: String) -> String {
        var bytes = Array(SHA256.hash(data: Array(x509Subject.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Hex.encode(bytes)
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }

    /// The answer as CloudTrail records it: no secret access key, no session token.
    static func responseElements(_ answer: CreateSessionResponse, subjectARN: String) -> JSONValue {
        let set = (answer.credentialSet ?? []).map { entry -> JSONValue in
            .object([
                "assumedRoleUser": .object([
                    "arn": .string(entry.assumedRoleUser?.arn ?? ""), "assumedRoleId": .string(entry.assumedRoleUser?.assumedRoleId ?? ""),
                ]),
                "credentials": .object([
                    "accessKeyId": .string(entry.credentials?.accessKeyId ?? ""), "expiration": .string(entry.credentials?.expiration ?? ""),
                ]),
                "packedPolicySize": .number(Double(entry.packedPolicySize ?? 0)),
                "roleArn": .string(entry.roleArn ?? ""),
                "sourceIdentity": .string(entry.sourceIdentity ?? ""),
            ])
        }
        return .object(["credentialSet": .array(set), "subjectArn": .string(subjectARN)])
    }

    static func pem(_ certificate: Certificate) -> String {
        (try? certificate.serializeAsPEM().pemString) ?? ""
    }
}
