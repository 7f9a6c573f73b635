internal import CPKCS11

extension Session {
    /// The objects matching `template` (`C_FindObjectsInit`, `C_FindObjects`,
    /// `C_FindObjectsFinal`; the final call is always made once the search started).
    ///
    /// Private objects (usually private keys) are found only after a user ``login(_:pin:)``.
    /// An empty template matches every visible object.
    public func findObjects(_ template: [Attribute]) throws -> [ObjectHandle] {
        let findInit = try module.function(\.C_FindObjectsInit, "C_FindObjectsInit")
        let find = try module.function(\.C_FindObjects, "C_FindObjects")
        let findFinal = try module.function(\.C_FindObjectsFinal, "C_FindObjectsFinal")
        return try withLock {
            try PKCS11Error.check(template.withCAttributes { findInit(handle, $0, $1) }, "C_FindObjectsInit")
            var found: [ObjectHandle] = []
            var searchError: Error?
            let batch = 64
            var handles = [CK_OBJECT_HANDLE](repeating: 0, count: batch)
            while true {
                var count: UInt = 0
                let rv = handles.withUnsafeMutableBufferPointer { find(handle, $0.baseAddress, UInt(batch), &count) }
                if rv != PKCS11ReturnValue.ok.rawValue {
                    searchError = PKCS11Error(code: PKCS11ReturnValue(rawValue: rv), function: "C_FindObjects")
                    break
                }
                if count == 0 {
                    break
                }
                found += handles.prefix(min(Int(count), batch)).map(ObjectHandle.init(rawValue:))
            }
            let finalRV = findFinal(handle)
            if let searchError {
                throw searchError
            }
            try PKCS11Error.check(finalRV, "C_FindObjectsFinal")
            return found
        }
    }

    /// The raw value of one attribute (`C_GetAttributeValue`), or nil when the object
    /// has no such attribute (`CKR_ATTRIBUTE_TYPE_INVALID`), hides it
    /// (`CKR_ATTRIBUTE_SENSITIVE`) or cannot tell (`CK_UNAVAILABLE_INFORMATION`).
    public func attributeValue(_ type: AttributeType, of object: ObjectHandle) throws -> [UInt8]? {
        let getAttributeValue = try module.function(\.C_GetAttributeValue, "C_GetAttributeValue")
        let unavailable = UInt.max  // CK_UNAVAILABLE_INFORMATION
        let absent: Set<UInt> = [
            PKCS11ReturnValue.attributeTypeInvalid.rawValue, PKCS11ReturnValue.attributeSensitive.rawValue,
        ]
        return try withLock {
            var attribute = CK_ATTRIBUTE(type: type.rawValue, pValue: nil, ulValueLen: 0)
            let sizeRV = getAttributeValue(handle, object.rawValue, &attribute, 1)
            if absent.contains(sizeRV) {
                return nil
            }
            try PKCS11Error.check(sizeRV, "C_GetAttributeValue")
            let length = attribute.ulValueLen
            if length == unavailable {
                return nil
            }
            if length == 0 {
                return []
            }
            var value = [UInt8](repeating: 0, count: Int(length))
            let valueRV = value.withUnsafeMutableBytes { buffer in
                attribute.pValue = buffer.baseAddress
                return getAttributeValue(handle, object.rawValue, &attribute, 1)
            }
            if absent.contains(valueRV) {
                return nil
            }
            try PKCS11Error.check(valueRV, "C_GetAttributeValue")
            guard attribute.ulValueLen != unavailable, attribute.ulValueLen <= length else {
                return nil
            }
            return Array(value.prefix(Int(attribute.ulValueLen)))
        }
    }

    /// A `CK_BBOOL` attribute such as `CKA_SENSITIVE`, or nil when absent.
    public func bool(_ type: AttributeType, of object: ObjectHandle) throws -> Bool? {
        try attributeValue(type, of: object).flatMap(Attribute.decodeBool)
    }

    /// A `CK_ULONG` attribute such as `CKA_MODULUS_BITS`, or nil when absent.
    public func ulong(_ type: AttributeType, of object: ObjectHandle) throws -> UInt? {
        try attributeValue(type, of: object).flatMap(Attribute.decodeULong)
    }

    /// `CKA_LABEL` decoded as UTF-8, or nil when absent.
    public func label(of object: ObjectHandle) throws -> String? {
        try attributeValue(.label, of: object).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `CKA_ID`, or nil when absent.
    public func id(of object: ObjectHandle) throws -> [UInt8]? {
        try attributeValue(.id, of: object)
    }

    /// `CKA_CLASS`, or nil when absent.
    public func objectClass(of object: ObjectHandle) throws -> ObjectClass? {
        try ulong(.objectClass, of: object).map(ObjectClass.init(rawValue:))
    }

    /// `CKA_KEY_TYPE`, or nil when the object is not a key.
    public func keyType(of object: ObjectHandle) throws -> KeyType? {
        try ulong(.keyType, of: object).map(KeyType.init(rawValue:))
    }

    /// `CKA_MODULUS` of an RSA key (big-endian), or nil when absent.
    public func modulus(of object: ObjectHandle) throws -> [UInt8]? {
        try attributeValue(.modulus, of: object)
    }

    /// `CKA_PUBLIC_EXPONENT` of an RSA key (big-endian), or nil when absent.
    public func publicExponent(of object: ObjectHandle) throws -> [UInt8]? {
        try attributeValue(.publicExponent, of: object)
    }

    /// `CKA_EC_PARAMS` of an EC key (DER, usually a named-curve OID), or nil when absent.
    public func ecParams(of object: ObjectHandle) throws -> [UInt8]? {
        try attributeValue(.ecParams, of: object)
    }

    /// `CKA_EC_POINT` of an EC public key (DER `OCTET STRING` around `04 || X || Y`),
    /// or nil when absent. Private keys usually do not carry it.
    public func ecPoint(of object: ObjectHandle) throws -> [UInt8]? {
        try attributeValue(.ecPoint, of: object)
    }

    /// `CKA_VALUE` of a certificate object: its DER encoding, or nil when absent.
    public func certificateValue(of object: ObjectHandle) throws -> [UInt8]? {
        try attributeValue(.value, of: object)
    }
}
