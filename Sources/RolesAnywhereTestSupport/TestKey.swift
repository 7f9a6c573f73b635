import Crypto
import Foundation
import X509
import _CryptoExtras

/// A private key for test certificates, with the encodings and signatures tests need.
///
/// Keys are values: copying one copies the same key. RSA generation is slow, so prefer
/// ``shared(_:index:)``, which hands out the same key for the same type and index for the
/// whole test process, over ``init(generating:)``.
public struct TestKey: Sendable {
    /// The kind of key.
    public let type: TestKeyType
    /// The swift-crypto key.
    public let backing: Backing
    /// The key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), newline-terminated.
    public let pkcs8PEM: String
    /// The key in its traditional PEM form, newline-terminated: PKCS#1
    /// (`RSA PRIVATE KEY`) for RSA, SEC1 (`EC PRIVATE KEY`) for elliptic-curve keys.
    public let traditionalPEM: String

    /// Generates a new key of `type`.
    ///
    /// - Throws: When key generation or encoding fails.
    public init(generating type: TestKeyType) throws {
        try self.init(type: type, backing: Backing(generating: type))
    }

    init(type: TestKeyType, backing: Backing) throws {
        self.type = type
        self.backing = backing
        switch backing {
        case .rsa(let key):
            self.pkcs8PEM = Self.terminated(key.pkcs8PEMRepresentation)
            self.traditionalPEM = Self.terminated(key.pemRepresentation)
        case .p256(let key):
            self.pkcs8PEM = Self.terminated(key.pemRepresentation)
            self.traditionalPEM = try SEC1Encoding.pem(
                privateKey: Array(key.rawRepresentation),
                publicKey: Array(key.publicKey.x963Representation),
                curve: SEC1Encoding.p256
            )
        case .p384(let key):
            self.pkcs8PEM = Self.terminated(key.pemRepresentation)
            self.traditionalPEM = try SEC1Encoding.pem(
                privateKey: Array(key.rawRepresentation),
                publicKey: Array(key.publicKey.x963Representation),
                curve: SEC1Encoding.p384
            )
        }
    }

    /// The key as swift-certificates wants it for signing certificates.
    public var certificatePrivateKey: Certificate.PrivateKey {
        switch self.backing {
        case .rsa(let key): Certificate.PrivateKey(key)
        case .p256(let key): Certificate.PrivateKey(key)
        case .p384(let key): Certificate.PrivateKey(key)
        }
    }

    /// The public half, as placed in a certificate.
    public var publicKey: Certificate.PublicKey {
        self.certificatePrivateKey.publicKey
    }

    /// Signs `bytes` the way a SigV4-X509 client does and returns the wire signature.
    ///
    /// RSA keys produce a PKCS#1 v1.5 signature over SHA-256 of `bytes`; elliptic-curve
    /// keys (P-256 and P-384 alike) an ECDSA signature over SHA-256, DER-encoded.
    ///
    /// - Throws: When the underlying library fails to sign.
    public func sign(_ bytes: [UInt8]) throws -> [UInt8] {
        let digest = SHA256.hash(data: bytes)
        switch self.backing {
        case .rsa(let key):
            return Array(try key.signature(for: digest, padding: .insecurePKCS1v1_5).rawRepresentation)
        case .p256(let key):
            return Array(try key.signature(for: digest).derRepresentation)
        case .p384(let key):
            return Array(try key.signature(for: digest).derRepresentation)
        }
    }

    private static func terminated(_ pem: String) -> String {
        pem.hasSuffix("\n") ? pem : pem + "\n"
    }
}
