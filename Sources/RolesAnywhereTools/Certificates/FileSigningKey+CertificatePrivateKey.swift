import RolesAnywhere
import X509

extension FileSigningKey {
    /// The key as swift-certificates' private key, for signing certificates.
    var certificatePrivateKey: Certificate.PrivateKey {
        switch self {
        case .rsa(let key): Certificate.PrivateKey(key)
        case .p256(let key): Certificate.PrivateKey(key)
        case .p384(let key): Certificate.PrivateKey(key)
        }
    }
}
