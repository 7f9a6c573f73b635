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

    /// Deletes the pair and fails when the token did not honour `CKA_SENSITIVE`/`CKA_EXTRACTABLE`,
    /// or left the private key able to decrypt, unwrap or derive (sign only was asked for).
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
        let uses: [(AttributeType, String)] = [(.decrypt, "decrypt"), (.unwrap, "unwrap"), (.derive, "derive")]
        let allowed = uses.filter { (try? session.bool($0.0, of: keys.privateKey)) == true }.map(\.1)
        guard allowed.isEmpty else {
            try? session.destroyObject(keys.privateKey)
            try? session.destroyObject(keys.publicKey)
            throw RolesAnywhereError(
                .tokenFailure,
                "token '\(access.info.label)' let the key \(allowed.joined(separator: ", ")) against the request (sign only), so it was deleted")
        }
    }
}
