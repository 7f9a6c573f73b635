import RolesAnywhere
import Crypto
import X509
import _CryptoExtras

/// A new private key made in memory for a certificate authority, with its unencrypted
/// PKCS#8 PEM to store in a 0600 file.
struct GeneratedFileKey {
    let privateKey: Certificate.PrivateKey
    let pkcs8PEM: String
    let algorithm: KeyAlgorithm

    init(_ type: CertificateKeyType) throws(RolesAnywhereError) {
        algorithm = type.algorithm
        switch type {
        case .ecP256:
            let key = P256.Signing.PrivateKey()
            privateKey = Certificate.PrivateKey(key)
            pkcs8PEM = key.pemRepresentation
        case .ecP384:
            let key = P384.Signing.PrivateKey()
            privateKey = Certificate.PrivateKey(key)
            pkcs8PEM = key.pemRepresentation
        case .rsa2048, .rsa3072:
            do {
                let key = try _RSA.Signing.PrivateKey(keySize: type == .rsa2048 ? .bits2048 : .bits3072)
                privateKey = Certificate.PrivateKey(key)
                pkcs8PEM = key.pkcs8PEMRepresentation
            } catch {
                throw RolesAnywhereError(.internalFailure, "cannot make an \(type.algorithm) key: \(error)")
            }
        }
    }
}
