/// The body of a successful CreateSession answer (HTTP 201), as the service sends it.
public struct CreateSessionResponse: Codable, Sendable, Hashable {
    public var credentialSet: [CredentialSetEntry]?
    public var subjectArn: String?

    public init(credentialSet: [CredentialSetEntry], subjectArn: String) {
        self.credentialSet = credentialSet
        self.subjectArn = subjectArn
    }

    /// One entry of `credentialSet`.
    public struct CredentialSetEntry: Codable, Sendable, Hashable {
        public var assumedRoleUser: AssumedRoleUser?
        public var credentials: Credentials?
        public var packedPolicySize: Int?
        public var roleArn: String?
        public var sourceIdentity: String?

        public init(
            assumedRoleUser: AssumedRoleUser, credentials: Credentials, packedPolicySize: Int, roleArn: String,
            sourceIdentity: String
        ) {
            self.assumedRoleUser = assumedRoleUser
            self.credentials = credentials
            self.packedPolicySize = packedPolicySize
            self.roleArn = roleArn
            self.sourceIdentity = sourceIdentity
        }
    }

    /// `assumedRoleUser`: the STS identity of the session.
    public struct AssumedRoleUser: Codable, Sendable, Hashable {
        public var arn: String
        public var assumedRoleId: String

        public init(arn: String, assumedRoleId: String) {
            self.arn = arn
            self.assumedRoleId = assumedRoleId
        }
    }

    /// `credentials`: the temporary keys and their expiry (ISO 8601 text).
    public struct Credentials: Codable, Sendable, Hashable {
        public var accessKeyId: String
        public var secretAccessKey: String
        public var sessionToken: String
        public var expiration: String

        public init(accessKeyId: String, secretAccessKey: String, sessionToken: String, expiration: String) {
            self.accessKeyId = accessKeyId
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
            self.expiration = expiration
        }
    }
}
