internal import CPKCS11

extension Session {
    /// Creates an object from `template` (`C_CreateObject`), e.g. to store a certificate:
    ///
    /// ```swift
    /// try session.createObject([
    ///     .objectClass(.certificate), .ulong(.certificateType, 0 /* CKC_X_509 */),
    ///     .bool(.token, true), .label("rsa2048"), .id([0x01]),
    ///     Attribute(.subject, bytes: subjectDER), Attribute(.value, bytes: certificateDER),
    /// ])
    /// ```
    ///
    /// Token objects need a read-write session and, on most tokens, a user login.
    public func createObject(_ template: [Attribute]) throws -> ObjectHandle {
        let createObject = try module.function(\.C_CreateObject, "C_CreateObject")
        var object: CK_OBJECT_HANDLE = 0
        let rv = withLock { template.withCAttributes { createObject(handle, $0, $1, &object) } }
        try PKCS11Error.check(rv, "C_CreateObject")
        return ObjectHandle(rawValue: object)
    }

    /// Changes attributes of an object (`C_SetAttributeValue`), e.g. turning a key's
    /// `CKA_DECRYPT` off. Tokens refuse changes they do not allow (`CKR_ATTRIBUTE_READ_ONLY`, ...).
    public func setAttributes(_ template: [Attribute], of object: ObjectHandle) throws {
        let setAttributeValue = try module.function(\.C_SetAttributeValue, "C_SetAttributeValue")
        let rv = withLock { template.withCAttributes { setAttributeValue(handle, object.rawValue, $0, $1) } }
        try PKCS11Error.check(rv, "C_SetAttributeValue")
    }

    /// Destroys an object (`C_DestroyObject`).
    public func destroyObject(_ object: ObjectHandle) throws {
        let destroyObject = try module.function(\.C_DestroyObject, "C_DestroyObject")
        try PKCS11Error.check(withLock { destroyObject(handle, object.rawValue) }, "C_DestroyObject")
    }

    /// Generates a key pair inside the token (`C_GenerateKeyPair`).
    ///
    /// For an RSA key pass `.rsaPKCSKeyPairGen` with `.ulong(.modulusBits, 2048)` in the
    /// public template; for EC pass `.ecKeyPairGen` with `Attribute(.ecParams, bytes: curveOID)`.
    /// Ask for `.bool(.sensitive, true)` and `.bool(.extractable, false)` in the private
    /// template so the private key can never leave the token.
    ///
    /// - Returns: the handles of the new public and private keys.
    public func generateKeyPair(
        mechanism: Mechanism, publicKeyTemplate: [Attribute], privateKeyTemplate: [Attribute]
    ) throws -> (publicKey: ObjectHandle, privateKey: ObjectHandle) {
        let generateKeyPair = try module.function(\.C_GenerateKeyPair, "C_GenerateKeyPair")
        var publicKey: CK_OBJECT_HANDLE = 0
        var privateKey: CK_OBJECT_HANDLE = 0
        let rv = withLock {
            mechanism.withCMechanism { cMechanism in
                publicKeyTemplate.withCAttributes { publicAttributes, publicCount in
                    privateKeyTemplate.withCAttributes { privateAttributes, privateCount in
                        generateKeyPair(handle, cMechanism, publicAttributes, publicCount,
                                        privateAttributes, privateCount, &publicKey, &privateKey)
                    }
                }
            }
        }
        try PKCS11Error.check(rv, "C_GenerateKeyPair")
        return (ObjectHandle(rawValue: publicKey), ObjectHandle(rawValue: privateKey))
    }
}
