import Crypto
import PKCS11
import SwiftASN1
import X509
import _CryptoExtras

/// Reads the public half of a private key held by a token, so the key can be proven to belong
/// to a certificate by comparing public values (RSA modulus and exponent, EC point), without a
/// test signature.
///
/// RSA private keys carry `CKA_MODULUS` and `CKA_PUBLIC_EXPONENT`. EC private keys rarely carry
/// their point, so it is taken from `CKA_EC_POINT` or `CKA_PUBLIC_KEY_INFO` when present, else
/// from the public key objects with the same `CKA_ID`.
package enum TokenPublicKey {
    /// DER OID of NIST P-256 (`1.2.840.10045.3.1.7`), as `CKA_EC_PARAMS` holds it.
    package static let p256Parameters: [UInt8] = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]
    /// DER OID of NIST P-384 (`1.3.132.0.34`).
    package static let p384Parameters: [UInt8] = [0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22]
    /// DER OID of NIST P-521 (`1.3.132.0.35`).
    package static let p521Parameters: [UInt8] = [0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x23]

    /// The curve's name for `CKA_EC_PARAMS`, e.g. `P-256`, or nil for others.
    package static func curveName(parameters: [UInt8]?) -> String? {
        switch parameters {
        case p256Parameters?: "P-256"
        case p384Parameters?: "P-384"
        case p521Parameters?: "P-521"
        default: nil
        }
    }

    /// The public keys that may be the key's public half (usually one; none when the token
    /// exposes no public value), after checking the key's type and curve against `expected`.
    /// - Parameter describeKey: names the key and the certificate for mismatch messages.
    package static func candidates(
        of key: ObjectHandle, in session: Session, expected: KeyAlgorithm, describeMismatch: (String) -> RolesAnywhereError
    ) throws -> [Certificate.PublicKey] {
        let keyType = try session.keyType(of: key)
        switch expected {
        case .rsa:
            guard keyType == .rsa else { throw describeMismatch(name(of: keyType)) }
            if let key = try rsaKey(of: key, in: session) { return [key] }
            return try publicObjects(sharingIDWith: key, type: .rsa, in: session).compactMap { try rsaKey(of: $0, in: session) }
        case .ecdsaP256, .ecdsaP384:
            guard keyType == .ec else { throw describeMismatch(name(of: keyType)) }
            let wanted = expected == .ecdsaP256 ? p256Parameters : p384Parameters
            if let parameters = try session.ecParams(of: key), parameters != wanted {
                throw describeMismatch("EC \(curveName(parameters: parameters) ?? "(unsupported curve)")")
            }
            var found: [Certificate.PublicKey] = []
            if let info = try session.attributeValue(.publicKeyInfo, of: key), !info.isEmpty,
                let spki = try? Certificate.PublicKey(derEncoded: info)
            {
                found.append(spki)
            }
            var points = try session.ecPoint(of: key).map { [$0] } ?? []
            points += try publicObjects(sharingIDWith: key, type: .ec, in: session).compactMap { try session.ecPoint(of: $0) }
            found += points.compactMap { ecKey(point: $0, curve: expected) }
            return found
        }
    }

    /// The same name the listing uses: `RSA`, `EC`, or the `CKK_` name.
    package static func name(of keyType: KeyType?) -> String {
        switch keyType {
        case .rsa?: "RSA"
        case .ec?: "EC"
        case let other?: other.description
        case nil: "unknown"
        }
    }

    private static func rsaKey(of object: ObjectHandle, in session: Session) throws -> Certificate.PublicKey? {
        guard let modulus = try session.modulus(of: object), let exponent = try session.publicExponent(of: object),
            !modulus.isEmpty, !exponent.isEmpty
        else { return nil }
        do {
            return Certificate.PublicKey(try _RSA.Signing.PublicKey(n: modulus, e: exponent))
        } catch {
            let bits = modulus.drop(while: { $0 == 0 }).count * 8
            throw RolesAnywhereError(
                .invalidPrivateKey, "the token's RSA key has a \(bits)-bit modulus: keys under 2048 bits are refused")
        }
    }

    private static func publicObjects(sharingIDWith key: ObjectHandle, type: KeyType, in session: Session) throws -> [ObjectHandle] {
        guard let id = try session.id(of: key), !id.isEmpty else { return [] }
        return try session.findObjects([.objectClass(.publicKey), .keyType(type), .id(id)])
    }

    /// `CKA_EC_POINT` is a DER OCTET STRING around `04 || X || Y`; some tokens give the bare point.
    private static func ecKey(point: [UInt8], curve: KeyAlgorithm) -> Certificate.PublicKey? {
        var encodings = [point]
        if let wrapped = try? ASN1OctetString(derEncoded: point) { encodings.insert(Array(wrapped.bytes), at: 0) }
        for bytes in encodings {
            if curve == .ecdsaP256, let key = try? P256.Signing.PublicKey(x963Representation: bytes) {
                return Certificate.PublicKey(key)
            }
            if curve == .ecdsaP384, let key = try? P384.Signing.PublicKey(x963Representation: bytes) {
                return Certificate.PublicKey(key)
            }
        }
        return nil
    }
}
