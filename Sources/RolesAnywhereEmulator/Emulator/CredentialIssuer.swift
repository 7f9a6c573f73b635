import Foundation
import RolesAnywhere
import X509

/// Makes temporary credentials for verified sessions, in the shapes AWS uses:
/// access key ids `ASIA` + 16 upper-case alphanumerics, random secret and session token.
public struct CredentialIssuer: Sendable {
    public let accountID: String
    public let region: String
    public let store: IssuedCredentialStore

    public init(accountID: String, region: String, store: IssuedCredentialStore) {
        self.accountID = accountID
        self.region = region
        self.store = store
    }

    /// Issues credentials for a session and remembers them for STS.
    public func issue(for session: VerifiedSession, now: Date) -> CreateSessionResponse {
        let serialHex = session.certificate.serialNumber.bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        let sessionName = session.roleSessionName ?? serialHex
        let roleName = session.roleARN.split(separator: "/").last.map(String.init) ?? "role"
        let partition = session.roleARN.split(separator: ":").dropFirst().first.map(String.init) ?? "aws"
        let roleID = "AROA" + Self.random(16, from: Self.upperAlphanumerics)
        let expiration = now.addingTimeInterval(TimeInterval(session.durationSeconds))
        let record = STSCredentialRecord(
            accessKeyID: "ASIA" + Self.random(16, from: Self.upperAlphanumerics),
            secretAccessKey: Self.random(40, from: Self.secretAlphabet),
            sessionToken: Self.randomToken(),
            expiration: expiration,
            assumedRoleARN: "arn:\(partition):sts::\(accountID):assumed-role/\(roleName)/\(sessionName)",
            userID: "\(roleID):\(sessionName)",
            accountID: accountID)
        store.insert(record, now: now)
        // The most specific CN attribute itself: the DN's text escapes commas (`CN=Doe\, Jane`), so it cannot be split on ",".
        let commonName = session.certificate.subject.reversed().flatMap { $0 }
            .first(where: { $0.type == .RDNAttributeType.commonName })
            .map { "CN=\(String($0.value) ?? String(describing: $0.value))" } ?? "CN=\(serialHex)"
        return CreateSessionResponse(
            credentialSet: [
                .init(
                    assumedRoleUser: .init(arn: record.assumedRoleARN, assumedRoleId: record.userID),
                    credentials: .init(
                        accessKeyId: record.accessKeyID, secretAccessKey: record.secretAccessKey,
                        sessionToken: record.sessionToken, expiration: ISO8601Timestamp.string(from: expiration)),
                    packedPolicySize: 0,
                    roleArn: session.roleARN,
                    sourceIdentity: commonName)
            ],
            subjectArn: "arn:\(partition):rolesanywhere:\(region):\(accountID):subject/\(UUID().uuidString.lowercased())")
    }

    static let upperAlphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    static let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    static func random(_ count: Int, from alphabet: [Character]) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<144).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "IQoJb3JpZ2luX2Vj" + Data(bytes).base64EncodedString()
    }
}
