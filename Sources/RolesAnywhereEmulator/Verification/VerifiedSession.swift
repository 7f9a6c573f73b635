import X509

/// A request that passed every check: who asked, through which anchor and profile, for what.
public struct VerifiedSession: Sendable {
    public let certificate: Certificate
    public let trustAnchorARN: String
    public let profileARN: String
    public let roleARN: String
    public let durationSeconds: Int
    public let roleSessionName: String?
    /// The session tags from the certificate (`x509Subject/CN` ...), after the profile's mappings.
    public var principalTags: [String: String] = [:]
    /// The IAM role's id (`AROA…`) when the role exists in the local IAM.
    public var roleID: String? = nil
}
