import Crypto
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
        let roleID = session.roleID ?? "AROA" + Self.random(17, from: Self.upperAlphanumerics)
        let expiration = now.addingTimeInterval(TimeInterval(session.durationSeconds))
        // One draw from the generator for the key id, the secret and the token.
        let bytes = Self.randomBytes(16 + 40 + 144)
        let record = STSCredentialRecord(
            accessKeyID: "ASIA" + Self.characters(bytes[0..<16], from: Self.upperAlphanumerics),
            secretAccessKey: Self.characters(bytes[16..<56], from: Self.secretAlphabet),
            sessionToken: "IQoJb3JpZ2luX2Vj" + Data(bytes[56...]).base64EncodedString(),
            expiration: expiration,
            assumedRoleARN: "arn:\(partition):sts::\(accountID):assumed-role/\(roleName)/\(sessionName)",
            userID: "\(roleID):\(sessionName)",
            accountID: accountID)
        store.insert(record, now: now)
        let sourceIdentity = Self.sourceIdentity(commonName: PrincipalTags.commonName(session.certificate), serialHex: serialHex)
        return CreateSessionResponse(
            credentialSet: [
                .init(
                    assumedRoleUser: .init(arn: record.assumedRoleARN, assumedRoleId: record.userID),
                    credentials: .init(
                        accessKeyId: record.accessKeyID, secretAccessKey: record.secretAccessKey,
                        sessionToken: record.sessionToken, expiration: ISO8601Timestamp.string(from: expiration)),
                    packedPolicySize: 0,
                    roleArn: session.roleARN,
                    sourceIdentity: sourceIdentity)
            ],
            subjectArn: "arn:\(partition):rolesanywhere:\(region):\(accountID):subject/\(RandomID.uuid())")
    }

    /// AWS's source identity: `CN=<cn>` up to 61 characters, the bare CN for 62 to 64, and
    /// `ID=<serial in hex>` when there is no CN.
    static func sourceIdentity(commonName: String?, serialHex: String) -> String {
        guard let commonName else { return "ID=\(serialHex)" }
        return commonName.count <= 61 ? "CN=\(commonName)" : commonName
    }

    static let upperAlphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    static let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    /// `count` characters drawn from `alphabet`, whose size is a power of two (32 or 64), so a
    /// masked random byte picks each without bias.
    static func random(_ count: Int, from alphabet: [Character]) -> String {
        characters(randomBytes(count)[...], from: alphabet)
    }

    /// Random bytes as characters of `alphabet` (a power-of-two size, so masking has no bias).
    static func characters(_ bytes: ArraySlice<UInt8>, from alphabet: [Character]) -> String {
        precondition(alphabet.count.nonzeroBitCount == 1 && alphabet.count <= 256)
        let mask = UInt8(truncatingIfNeeded: alphabet.count - 1)
        return String(bytes.map { alphabet[Int($0 & mask)] })
    }


    /// Random bytes from one call into BoringSSL's generator (a system call per byte, as
    /// `SystemRandomNumberGenerator` makes, costs a tenth of a CreateSession).
    static func randomBytes(_ count: Int) -> [UInt8] {
        SymmetricKey(size: SymmetricKeySize(bitCount: count * 8)).withUnsafeBytes { Array($0) }
    }
}
