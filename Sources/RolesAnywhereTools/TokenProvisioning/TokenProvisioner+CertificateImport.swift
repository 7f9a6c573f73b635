import RolesAnywhere
import PKCS11
import SwiftASN1
import X509

extension TokenProvisioner {
    /// Stores the certificate in the file `path` next to its private key (`C_CreateObject` of
    /// a `CKO_CERTIFICATE`, `CKC_X_509`), with the key's `CKA_ID`, so the key is found from the
    /// certificate's URI. The certificate's public key must match a private key on the token;
    /// the key is found by the given `CKA_ID` or else among all the token's keys.
    /// - Parameters:
    ///   - label: `CKA_LABEL`; nil for the key's label.
    ///   - id: the `CKA_ID` of the key; nil to find the key by public key.
    ///   - replace: remove certificates that already have the key's `CKA_ID` (renewal).
    /// - Returns: the stored certificate's `pkcs11:` URI.
    public func importCertificate(path: String, label: String?, id: [UInt8]?, replace: Bool) throws(RolesAnywhereError) -> String {
        let certificate = try CertificateFile.leaf(in: FileReader.read(path, role: "certificate file (--cert)"), path: path)
        let algorithm = try IdentityCheck.keyAlgorithm(of: certificate)
        let access = try TokenWriteSession.open(token: token, modulePath: modulePath, pinSource: pinSource)
        let tokenLabel = access.info.label
        do {
            let key = try matchingKey(for: certificate, algorithm: algorithm, id: id, in: access)
            guard let keyID = try access.session.id(of: key), !keyID.isEmpty else {
                throw RolesAnywhereError(
                    .tokenObjectNotFound, "the private key of \(certificate.subject) on token '\(tokenLabel)' has no CKA_ID to tie the certificate to")
            }
            let label = try label ?? access.session.label(of: key) ?? ObjectID.hex(keyID)
            let existing = try access.objects(with: .id(keyID), class: .certificate)
            if !existing.isEmpty {
                guard replace else {
                    throw RolesAnywhereError(
                        .invalidArgument,
                        "token '\(tokenLabel)' already holds a certificate with id \(ObjectID.hex(keyID)): pass --replace to replace it (renewal)")
                }
                for handle in existing { try access.session.destroyObject(handle) }
            }
            _ = try access.session.createObject(try Self.template(certificate, label: label, id: keyID))
            return PKCS11URI.format(token: access.info, objectLabel: label, id: keyID, objectClass: .certificate)
        } catch {
            throw TokenFailure.translate(error, action: "storing the certificate '\(path)'", token: tokenLabel)
        }
    }

    /// The private key the certificate belongs to: the one with `id`, or the only match.
    private func matchingKey(
        for certificate: Certificate, algorithm: KeyAlgorithm, id: [UInt8]?, in access: TokenWriteSession
    ) throws -> ObjectHandle {
        let session = access.session
        let candidates = try session.findObjects([.objectClass(.privateKey)] + (id.map { [Attribute.id($0)] } ?? []))
        let scope = id.map { "with id \(ObjectID.hex($0)) " } ?? ""
        var matches: [ObjectHandle] = []
        for key in candidates {
            let shown = try? TokenPublicKey.candidates(of: key, in: session, expected: algorithm) { kind in
                RolesAnywhereError(.keyMismatch, "an \(kind) key")
            }
            if shown?.contains(certificate.publicKey) == true { matches.append(key) }
        }
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty {
            throw RolesAnywhereError(
                .keyMismatch,
                "no private key \(scope)on token '\(access.info.label)' belongs to the certificate \(certificate.subject): store it on the token whose key made the CSR")
        }
        throw RolesAnywhereError(
            .ambiguousTokenObject,
            "\(matches.count) private keys on token '\(access.info.label)' belong to the certificate \(certificate.subject): give the key's id with --id")
    }

    /// `CKO_CERTIFICATE` of type `CKC_X_509` with its value, subject, issuer and serial.
    static func template(_ certificate: Certificate, label: String, id: [UInt8]) throws -> [Attribute] {
        [
            .objectClass(.certificate), .ulong(.certificateType, 0), .bool(.token, true), .bool(.private, false),
            .label(label), .id(id),
            Attribute(.subject, bytes: try der(certificate.subject)),
            Attribute(.issuer, bytes: try der(certificate.issuer)),
            Attribute(.serialNumber, bytes: try der(ArraySlice(certificate.serialNumber.bytes))),
            Attribute(.value, bytes: try der(certificate)),
        ]
    }

    private static func der(_ value: some DERSerializable) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(value)
        return serializer.serializedBytes
    }
}
