import X509

/// A trust anchor of the emulator: its ARN, whether it is enabled, its CA certificates and CRLs.
public struct TrustAnchor: Sendable {
    public var arn: String
    public var enabled: Bool
    /// The CA certificates a client chain must reach.
    public var certificateAuthorities: [Certificate]
    /// Revocation lists of those CAs (or of intermediates they issued).
    public var revocationLists: [RevocationList]
    /// Changes with every change of the anchor or its CRLs, so chains validated before are checked again.
    public var revision: Int = 0

    /// What chains validated under this anchor are remembered by: its ARN, and its revision once it changed.
    var cacheID: String { revision == 0 ? arn : "\(arn)#\(revision)" }

    public init(arn: String, enabled: Bool, certificateAuthorities: [Certificate], revocationLists: [RevocationList] = []) {
        self.arn = arn
        self.enabled = enabled
        self.certificateAuthorities = certificateAuthorities
        self.revocationLists = revocationLists
    }
}
