import Crypto
import _CryptoExtras

extension TestKey {
    /// The swift-crypto private key a ``TestKey`` wraps.
    public enum Backing: Sendable {
        /// An RSA signing key (any size, including the unsafe 1024-bit one).
        case rsa(_RSA.Signing.PrivateKey)
        /// A NIST P-256 ECDSA key.
        case p256(P256.Signing.PrivateKey)
        /// A NIST P-384 ECDSA key.
        case p384(P384.Signing.PrivateKey)

        /// Generates a fresh key of `type`.
        ///
        /// - Throws: When the underlying library cannot generate the key.
        init(generating type: TestKeyType) throws {
            switch type {
            case .rsa1024:
                self = .rsa(try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024)))
            case .rsa2048:
                self = .rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048))
            case .rsa3072:
                self = .rsa(try _RSA.Signing.PrivateKey(keySize: .bits3072))
            case .rsa4096:
                self = .rsa(try _RSA.Signing.PrivateKey(keySize: .bits4096))
            case .p256:
                self = .p256(P256.Signing.PrivateKey())
            case .p384:
                self = .p384(P384.Signing.PrivateKey())
            }
        }
    }
}
