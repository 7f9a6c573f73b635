import Crypto
import _CryptoExtras
import X509

/// A private key held in memory after reading a key file, able to sign in SigV4-X509 wire form.
package enum FileSigningKey: Sendable {
    case rsa(_RSA.Signing.PrivateKey)
    case p256(P256.Signing.PrivateKey)
    case p384(P384.Signing.PrivateKey)

    /// The smallest RSA modulus accepted.
    package static let minimumRSABits = 2048

    /// Parses an unencrypted PKCS#8, PKCS#1 (RSA) or SEC1 (EC) key in DER.
    /// - Parameter source: names the file for messages.
    init(der: [UInt8], source: String) throws(RolesAnywhereError) {
        if let key = try? P256.Signing.PrivateKey(derRepresentation: der) {
            self = .p256(key)
        } else if let key = try? P384.Signing.PrivateKey(derRepresentation: der) {
            self = .p384(key)
        } else if let key = try? _RSA.Signing.PrivateKey(unsafeDERRepresentation: der) {
            guard key.keySizeInBits >= Self.minimumRSABits else {
                throw RolesAnywhereError(
                    .invalidPrivateKey,
                    "the key in \(source) is RSA-\(key.keySizeInBits): RSA keys under \(Self.minimumRSABits) bits are refused; make a new key of 2048 bits or more")
            }
            self = .rsa(key)
        } else if (try? P521.Signing.PrivateKey(derRepresentation: der)) != nil {
            throw RolesAnywhereError(
                .invalidPrivateKey, "the key in \(source) is EC P-521, which IAM Roles Anywhere does not accept: use P-256, P-384 or RSA")
        } else {
            throw RolesAnywhereError(
                .invalidPrivateKey, "the key in \(source) is not an RSA, EC P-256 or EC P-384 private key")
        }
    }

    /// The key's algorithm.
    package var algorithm: KeyAlgorithm {
        switch self {
        case .rsa(let key): .rsa(bits: key.keySizeInBits)
        case .p256: .ecdsaP256
        case .p384: .ecdsaP384
        }
    }

    /// The matching public key, for comparison with the certificate's.
    package var publicKey: Certificate.PublicKey {
        switch self {
        case .rsa(let key): Certificate.PublicKey(key.publicKey)
        case .p256(let key): Certificate.PublicKey(key.publicKey)
        case .p384(let key): Certificate.PublicKey(key.publicKey)
        }
    }

    /// Signs a message hashed with `digest`: PKCS#1 v1.5 for RSA, DER ECDSA for EC.
    package func sign(_ message: [UInt8], digest: SignatureDigest) throws -> [UInt8] {
        switch digest {
        case .sha256: try sign(digest: SHA256.hash(data: message))
        case .sha384: try sign(digest: SHA384.hash(data: message))
        case .sha512: try sign(digest: SHA512.hash(data: message))
        }
    }

    private func sign<D: Digest>(digest: D) throws -> [UInt8] {
        switch self {
        case .rsa(let key): Array(try key.signature(for: digest, padding: .insecurePKCS1v1_5).rawRepresentation)
        case .p256(let key): Array(try key.signature(for: digest).derRepresentation)
        case .p384(let key): Array(try key.signature(for: digest).derRepresentation)
        }
    }
}
