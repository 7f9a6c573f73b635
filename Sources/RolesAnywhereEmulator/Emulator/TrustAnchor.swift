import X509

/// A trust anchor of the emulator: its ARN, whether it is enabled, its CA certificates and CRLs.
public struct TrustAnchor: Sendable {
    public var arn: String
    public var enabled: Bool
    /// The CA certificates a client chain must reach.
    public var certificateAuthorities: [Certificate]
    /// Revocation lists of those CAs (or of intermediates they issued).
    public var revocationLists: [RevocationList]

    public init(arn: String, enabled: Bool, certificateAuthorities: [Certificate], revocationLists: [RevocationList] = []) {
        self.arn = arn
        self.enabled = enabled
        self.certificateAuthorities = certificateAuthorities
        self.revocationLists = revocationLists
    }
}
