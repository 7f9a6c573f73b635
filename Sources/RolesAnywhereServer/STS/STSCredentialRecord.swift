// TEMPORARY STUB: replaced by the STS implementation.
import Foundation
public struct STSCredentialRecord: Sendable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String
    public var expiration: Date
    public var assumedRoleARN: String
    public var userID: String
    public var accountID: String
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String, expiration: Date, assumedRoleARN: String, userID: String, accountID: String) {
        self.accessKeyID = accessKeyID; self.secretAccessKey = secretAccessKey; self.sessionToken = sessionToken; self.expiration = expiration; self.assumedRoleARN = assumedRoleARN; self.userID = userID; self.accountID = accountID
    }
}
