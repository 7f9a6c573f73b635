import RolesAnywhere
import PKCS11

/// The `C_GenerateKeyPair` mechanism and templates for a key that never leaves its token:
/// the private key is a private token object, sensitive, never extractable, for signing
/// only (no decrypt, unwrap or derive, where the token allows: see
/// ``TokenProvisioner``); the public key stays on the token too, so the key can be matched to its certificate.
struct TokenKeyTemplate {
    let mechanism: Mechanism
    let publicKey: [Attribute]
    let privateKey: [Attribute]

    /// RSA public exponent 65537.
    static let publicExponent: [UInt8] = [0x01, 0x00, 0x01]

    init(_ type: CertificateKeyType, label: String, id: [UInt8]) {
        let common: [Attribute] = [.bool(.token, true), .label(label), .id(id)]
        var publicKey: [Attribute] = [.objectClass(.publicKey)] + common + [.bool(.private, false), .bool(.verify, true)]
        // Decrypt, unwrap and derive are not in the template: tpm2-pkcs11 decides them itself and
        // refuses a template that disagrees (CKR_GENERAL_ERROR, leaking TPM objects). They are
        // turned off after generation where the token allows (see TokenProvisioner).
        var privateKey: [Attribute] = [.objectClass(.privateKey)] + common + [
            .bool(.private, true), .bool(.sensitive, true), .bool(.extractable, false), .bool(.sign, true),
        ]
        switch type {
        case .rsa2048, .rsa3072:
            mechanism = .rsaPKCSKeyPairGen
            publicKey += [
                .keyType(.rsa), .ulong(.modulusBits, type == .rsa2048 ? 2048 : 3072),
                // No CKA_ENCRYPT: tpm2-pkcs11 decides it for an RSA public key itself and refuses a
                // template that says otherwise (CKR_GENERAL_ERROR); the private key is what is
                // kept to signing.
                Attribute(.publicExponent, bytes: Self.publicExponent),
            ]
            privateKey += [.keyType(.rsa)]
        case .ecP256, .ecP384:
            mechanism = .ecKeyPairGen
            let curve = type == .ecP256 ? TokenPublicKey.p256Parameters : TokenPublicKey.p384Parameters
            publicKey += [.keyType(.ec), Attribute(.ecParams, bytes: curve)]
            privateKey += [.keyType(.ec)]
        }
        self.publicKey = publicKey
        self.privateKey = privateKey
    }
}
