import Foundation

/// Temporary credentials that the emulator issued, as the local STS needs them to
/// authenticate a request and to say who the caller is.
///
/// The secret access key and the session token never appear in ``description``,
/// ``debugDescription`` or `dump(_:)`: they are shown as `<redacted>`.
public struct STSCredentialRecord: Sendable, Hashable {
    /// The access key ID the client puts in the `Credential=` scope (e.g. `ASIA...`).
    public var accessKeyID: String
    /// The secret the client signs with; the verifier derives the SigV4 signing key from it.
    public var secretAccessKey: String
    /// The session token the client must send as `X-Amz-Security-Token`.
    public var sessionToken: String
    /// When the credentials stop being accepted (`ExpiredToken` after this instant).
    public var expiration: Date
    /// The caller's ARN, e.g. `arn:aws:sts::123456789012:assumed-role/Role/session`.
    public var assumedRoleARN: String
    /// The caller's user ID, e.g. `AROAEXAMPLE:session`.
    public var userID: String
    /// The twelve-digit account ID.
    public var accountID: String

    public init(
        accessKeyID: String,
        secretAccessKey: String,
        sessionToken: String,
        expiration: Date,
        assumedRoleARN: String,
        userID: String,
        accountID: String
    ) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.assumedRoleARN = assumedRoleARN
        self.userID = userID
        self.accountID = accountID
    }
}

extension STSCredentialRecord: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "STSCredentialRecord(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>, sessionToken: <redacted>, "
            + "expiration: \(expiration.ISO8601Format()), assumedRoleARN: \(assumedRoleARN), "
            + "userID: \(userID), accountID: \(accountID))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyID": accessKeyID,
                "secretAccessKey": "<redacted>",
                "sessionToken": "<redacted>",
                "expiration": expiration,
                "assumedRoleARN": assumedRoleARN,
                "userID": userID,
                "accountID": accountID,
            ],
            displayStyle: .struct
        )
    }
}
