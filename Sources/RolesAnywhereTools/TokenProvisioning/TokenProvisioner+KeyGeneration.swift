import RolesAnywhere
import PKCS11

extension TokenProvisioner {
    /// Generates a key pair inside the token (`C_GenerateKeyPair`): the private key is
    /// sensitive and never extractable, so it can only ever sign inside the token.
    /// Both halves are labelled `label` with `CKA_ID` `id`.
    /// - Parameter id: the `CKA_ID`; nil for 8 random bytes.
    /// - Returns: the private key's `pkcs11:` URI.
    /// - Throws: `invalidArgument` when an object with that label or ID exists; token and PIN errors.
    public func generateKeyPair(label: String, id: [UInt8]?, keyType: CertificateKeyType) throws(RolesAnywhereError) -> String {
        guard !label.isEmpty else { throw RolesAnywhereError(.invalidArgument, "--label must not be empty") }
        let access = try TokenWriteSession.open(token: token, modulePath: modulePath, pinSource: pinSource)
        let id = id ?? ObjectID.random()
        let template = TokenKeyTemplate(keyType, label: label, id: id)
        let tokenLabel = access.info.label
        do {
            if try !access.objects(with: .label(label)).isEmpty {
                throw RolesAnywhereError(
                    .invalidArgument, "token '\(tokenLabel)' already holds objects labelled '\(label)': pick another --label")
            }
            if try !access.objects(with: .id(id)).isEmpty {
                throw RolesAnywhereError(
                    .invalidArgument, "token '\(tokenLabel)' already holds objects with id \(ObjectID.hex(id)): pick another --id")
            }
            let keys = try access.session.generateKeyPair(
                mechanism: template.mechanism, publicKeyTemplate: template.publicKey, privateKeyTemplate: template.privateKey)
            try requireNonExtractable(keys, in: access)
        } catch {
            throw TokenFailure.translate(error, action: "generating an \(keyType.algorithm) key pair", token: tokenLabel)
        }
        return PKCS11URI.format(token: access.info, objectLabel: label, id: id, objectClass: .privateKey)
    }

    /// Deletes the pair and fails when the token did not honour `CKA_SENSITIVE`/`CKA_EXTRACTABLE`;
    /// turns decrypt, unwrap and derive off where the token allows.
    private func requireNonExtractable(
        _ keys: (publicKey: ObjectHandle, privateKey: ObjectHandle), in access: TokenWriteSession
    ) throws {
        let session = access.session
        let sensitive = try session.bool(.sensitive, of: keys.privateKey)
        let extractable = try session.bool(.extractable, of: keys.privateKey)
        guard sensitive != false, extractable != true else {
            try? session.destroyObject(keys.privateKey)
            try? session.destroyObject(keys.publicKey)
            throw RolesAnywhereError(
                .tokenFailure,
                "token '\(access.info.label)' made the key extractable or not sensitive against the request, so it was deleted: this token cannot keep a key inside")
        }
        // Sign only: decrypt, unwrap and derive are turned off where the token lets them be
        // changed. A token that decides them itself (tpm2-pkcs11 keeps CKA_DECRYPT on its RSA
        // keys) keeps them: the key still never leaves it, and this tool only ever signs with it.
        for use in [AttributeType.decrypt, .unwrap, .derive] where (try? session.bool(use, of: keys.privateKey)) == true {
            try? session.setAttributes([.bool(use, false)], of: keys.privateKey)
        }
    }
}
