import Foundation
import RolesAnywhere
import X509

/// One line of the audit log: who asked for what, and what the emulator answered.
/// Holds no secret: no signature, no secret key, no session token.
public struct AuditRecord: Sendable, Encodable {
    public var time: String
    public var clientAddress: String?
    public var subject: String?
    public var issuer: String?
    /// The certificate serial in decimal, as in `Credential=`.
    public var serial: String?
    public var trustAnchorArn: String?
    public var profileArn: String?
    public var roleArn: String?
    public var outcome: String
    public var status: Int
    public var errorType: String?
    public var reason: String?
    public var accessKeyId: String?

    /// A record for a CreateSession request, filled with what can be read from it, verified or not.
    public init(request: ReceivedRequest, clientAddress: String?, now: Date) {
        self.time = ISO8601Timestamp.string(from: now)
        self.clientAddress = clientAddress
        self.outcome = "refused"
        self.status = 0
        if let value = request.header("X-Amz-X509"), let der = Data(base64Encoded: value),
            let certificate = try? Certificate(derEncoded: Array(der))
        {
            subject = certificate.subject.description
            issuer = certificate.issuer.description
            serial = DecimalSerial.string(certificate.serialNumber.bytes)
        }
        let query = Dictionary(request.queryParameters.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
        trustAnchorArn = query["trustAnchorArn"] ?? body?["trustAnchorArn"] as? String
        profileArn = query["profileArn"] ?? body?["profileArn"] as? String
        roleArn = query["roleArn"] ?? body?["roleArn"] as? String
    }

    /// The record as one compact JSON line (sorted keys, no trailing newline).
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
