/// A profile of the emulator: the roles it may give, its duration limit and options.
public struct Profile: Sendable, Hashable {
    public var arn: String
    public var enabled: Bool
    /// Role ARNs a session may assume.
    public var roleARNs: [String]
    /// The longest session the profile allows, in seconds.
    public var durationSeconds: Int
    /// Whether a request may name its `roleSessionName`.
    public var acceptsRoleSessionName: Bool
    /// Which certificate attributes become principal tags.
    public var attributeMappings: [LocalResource.AttributeMapping] = LocalResource.AttributeMapping.defaults

    public init(arn: String, enabled: Bool, roleARNs: [String], durationSeconds: Int, acceptsRoleSessionName: Bool) {
        self.arn = arn
        self.enabled = enabled
        self.roleARNs = roleARNs
        self.durationSeconds = durationSeconds
        self.acceptsRoleSessionName = acceptsRoleSessionName
    }
}
