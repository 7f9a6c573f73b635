/// What the emulator knows for CreateSession: its account and region, its trust anchors,
/// profiles and roles, at one instant (a snapshot: control-plane changes make a new one).
public struct ServiceDirectory: Sendable {
    public var accountID: String
    public var region: String
    public var trustAnchors: [String: TrustAnchor]
    public var profiles: [String: Profile]
    /// IAM roles by ARN, with their parsed trust policies.
    public var roles: [String: Role] = [:]
    /// Whether a role must exist and its trust policy must allow the session (the local AWS);
    /// false for a directory built only for signature checks.
    public var checksRoles = false

    /// A role as CreateSession needs it.
    public struct Role: Sendable {
        public var arn: String
        public var name: String
        public var roleID: String
        public var trustPolicy: TrustPolicy
        public var maxSessionDuration: Int
    }

    public init(accountID: String, region: String, trustAnchors: [TrustAnchor], profiles: [Profile]) {
        self.accountID = accountID
        self.region = region
        self.trustAnchors = Dictionary(trustAnchors.map { ($0.arn, $0) }, uniquingKeysWith: { first, _ in first })
        self.profiles = Dictionary(profiles.map { ($0.arn, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
