import Crypto
import Foundation
import GRDB
import RolesAnywhere
import X509

extension EmulatorService {
    /// The start of a CreateSession event.
    private func sessionDraft(_ request: ReceivedRequest, context: EmulatorRequestContext, now: Date) -> EventDraft {
        EventDraft(
            name: "CreateSession", source: "rolesanywhere.amazonaws.com", readOnly: false, time: now, region: state.region,
            accountID: state.accountID, sourceIPAddress: context.remoteAddress?.ipAddress, userAgent: request.header("User-Agent"),
            requestID: RandomID.uuid(), caller: nil)
    }

    /// The CloudTrail event of a refused CreateSession request, filled with what can be read from it.
    func sessionEvent(_ request: ReceivedRequest, context: EmulatorRequestContext, now: Date) -> EventDraft {
        var draft = sessionDraft(request, context: context, now: now)
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
        // What the verification read, not read again.
        var draft = sessionDraft(request, context: context, now: now)
        let certificate = session.certificate
        var parameters: [String: JSONValue] = [
            "trustAnchorArn": .string(session.trustAnchorARN), "profileArn": .string(session.profileARN),
            "roleArn": .string(session.roleARN), "durationSeconds": .number(Double(session.durationSeconds)),
        ]
        parameters["roleSessionName"] = session.roleSessionName.map(JSONValue.string)
        draft.requestParameters = .object(parameters)
        let subjectName = certificate.subject.description
        let issuerName = certificate.issuer.description
        let serialHex = Hex.encode(certificate.serialNumber.bytes)
        draft.username = PrincipalTags.commonName(certificate) ?? subjectName
        draft.additionalEventData = .object([
            "x509CertificateSerialNumber": .string(serialHex), "x509CertificateSubject": .string(subjectName),
            "x509CertificateIssuer": .string(issuerName),
        ])
        let timestamp = LocalResource.timestamp(now)
        let credential = LocalResource.Subject.Credential(
            seenAt: timestamp, serialNumber: serialHex, issuer: issuerName, enabled: true,
            x509CertificateData: Self.pem(base64: request.header("X-Amz-X509")) ?? Self.pem(certificate), failed: false)
        let subjectID = Self.subjectID(subjectName)
        let subjectARN = state.arn("subject", subjectID)
        draft.resources = [
            ("AWS::RolesAnywhere::TrustAnchor", session.trustAnchorARN), ("AWS::RolesAnywhere::Profile", session.profileARN),
            ("AWS::IAM::Role", session.roleARN),
        ]
        let event = draft.event(response: Self.responseElements(answer, subjectARN: subjectARN), screened: true)
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
        RandomID.uuid(naming: x509Subject)
    }

    /// The CreateSession answer as JSON text (sorted keys), with the hand-written writer the
    /// CloudTrail records use: Foundation's JSONEncoder cost a twentieth of a request here.
    static func answerText(_ answer: CreateSessionResponse) -> String {
        let set = (answer.credentialSet ?? []).map { entry -> JSONValue in
            .object([
                "assumedRoleUser": .object([
                    "arn": .string(entry.assumedRoleUser?.arn ?? ""), "assumedRoleId": .string(entry.assumedRoleUser?.assumedRoleId ?? ""),
                ]),
                "credentials": .object([
                    "accessKeyId": .string(entry.credentials?.accessKeyId ?? ""),
                    "secretAccessKey": .string(entry.credentials?.secretAccessKey ?? ""),
                    "sessionToken": .string(entry.credentials?.sessionToken ?? ""),
                    "expiration": .string(entry.credentials?.expiration ?? ""),
                ]),
                "packedPolicySize": .number(Double(entry.packedPolicySize ?? 0)),
                "roleArn": .string(entry.roleArn ?? ""),
                "sourceIdentity": .string(entry.sourceIdentity ?? ""),
            ])
        }
        return JSONValue.object(["credentialSet": .array(set), "subjectArn": .string(answer.subjectArn ?? "")]).text
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

    /// The PEM of the certificate the request carried, from its base64 DER (no re-encoding).
    static func pem(base64: String?) -> String? {
        guard let base64 else { return nil }
        let bytes = Array(base64.utf8).filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
        guard !bytes.isEmpty, !bytes.contains(UInt8(ascii: ",")) else { return nil }
        var out = Array("-----BEGIN CERTIFICATE-----\n".utf8)
        out.reserveCapacity(bytes.count + bytes.count / 64 + 64)
        var start = 0
        while start < bytes.count {
            let end = min(start + 64, bytes.count)
            out += bytes[start..<end]
            out.append(UInt8(ascii: "\n"))
            start = end
        }
        out += Array("-----END CERTIFICATE-----\n".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    static func pem(_ certificate: Certificate) -> String {
        (try? certificate.serializeAsPEM().pemString) ?? ""
    }
}
