import RolesAnywhere

/// One of several roles a server answers for (`serve --config`): its own refresher, served
/// to container-credentials clients at `/roles/<name>` with its own authorization token.
public struct RoleBinding: Sendable {
    /// The binding's name, the last part of its path.
    public let name: String
    /// Keeps this binding's credentials fresh, independently of the others.
    public let refresher: CredentialRefresher
    /// The `Authorization` value its clients must send.
    public let authorizationToken: String
    let documents = DocumentCache()
    let refreshNudge = RefreshNudge()

    /// Creates a binding.
    public init(name: String, refresher: CredentialRefresher, authorizationToken: String) {
        self.name = name
        self.refresher = refresher
        self.authorizationToken = authorizationToken
    }
}
