import RolesAnywhere
import RolesAnywhereTools
import RolesAnywhereServe

/// Fixed values the fuzz targets need, made once.
enum FuzzFixtures {
    static let request: CreateSessionRequest = {
        guard let request = try? CreateSessionRequest(
            trustAnchorARN: "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/a",
            profileARN: "arn:aws:rolesanywhere:us-east-1:123456789012:profile/b",
            roleARN: "arn:aws:iam::123456789012:role/r")
        else { preconditionFailure("the fixed request is valid") }
        return request
    }()

    static let cacheKey = CredentialCacheKey(certificateIdentity: "file:fuzz", keyIdentity: "none", request: request)

    /// A credential service with no credentials held (answers needing them wait, and are not awaited).
    static let service = CredentialService(
        refresher: CredentialRefresher { throw RolesAnywhereError(.serviceUnavailable, "fuzz") }, roleName: "role",
        containerAuthorizationToken: "token")
}
