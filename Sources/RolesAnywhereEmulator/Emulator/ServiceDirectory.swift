/// What the emulator knows: its account and region, and its trust anchors and profiles.
public struct ServiceDirectory: Sendable {
    public var accountID: String
    public var region: String
    public var trustAnchors: [String: TrustAnchor]
    public var profiles: [String: Profile]

    public init(accountID: String, region: String, trustAnchors: [TrustAnchor], profiles: [Profile]) {
        self.accountID = accountID
        self.region = region
        self.trustAnchors = Dictionary(trustAnchors.map { ($0.arn, $0) }, uniquingKeysWith: { first, _ in first })
        self.profiles = Dictionary(profiles.map { ($0.arn, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
