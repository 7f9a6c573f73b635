/// An object found on a token, with the open session that can use it.
///
/// Returned by ``TokenObjectFinder``. The ``handle`` is valid only in ``session``;
/// keep the `TokenObject` (or the session) alive while using it, e.g. to sign with
/// a private key.
public struct TokenObject: Sendable {
    /// The session the object was found in (logged in if the finder was given a PIN).
    public let session: Session
    /// The object's handle within ``session``.
    public let handle: ObjectHandle
    /// The token holding the object.
    public let tokenInfo: TokenInfo
    /// `CKA_CLASS`, when the object reports it.
    public let objectClass: ObjectClass?
    /// `CKA_LABEL`, when the object has one.
    public let label: String?
    /// `CKA_ID`, when the object has one.
    public let id: [UInt8]?

    /// The slot holding the token.
    public var slot: Slot { session.slot }

    /// A URI naming this object precisely (token, label, ID, type), as
    /// ``PKCS11URI/format(token:objectLabel:id:objectClass:)`` writes it.
    public var uri: String {
        PKCS11URI.format(token: tokenInfo, objectLabel: label, id: id, objectClass: objectClass)
    }
}
