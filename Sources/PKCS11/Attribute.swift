internal import CPKCS11

/// One attribute of a template (`CK_ATTRIBUTE`): a type and its encoded value.
///
/// Values are stored as the bytes Cryptoki expects: `CK_BBOOL` is one byte,
/// `CK_ULONG` is a native-endian machine word, strings are UTF-8 without a
/// terminator. The factory methods do that encoding:
///
/// ```swift
/// let template: [Attribute] = [.objectClass(.privateKey), .label("rsa2048"), .id([0x01])]
/// ```
public struct Attribute: Hashable, Sendable {
    /// The attribute type.
    public var type: AttributeType

    /// The encoded value.
    public var value: [UInt8]

    /// Creates an attribute from already-encoded bytes.
    public init(_ type: AttributeType, bytes: [UInt8]) {
        self.type = type
        self.value = bytes
    }

    /// A `CK_BBOOL` attribute such as `CKA_TOKEN` or `CKA_SENSITIVE`.
    public static func bool(_ type: AttributeType, _ value: Bool) -> Attribute {
        Attribute(type, bytes: [value ? 1 : 0])
    }

    /// A `CK_ULONG` attribute such as `CKA_MODULUS_BITS`.
    public static func ulong(_ type: AttributeType, _ value: UInt) -> Attribute {
        Attribute(type, bytes: withUnsafeBytes(of: value) { Array($0) })
    }

    /// A UTF-8 string attribute.
    public static func string(_ type: AttributeType, _ value: String) -> Attribute {
        Attribute(type, bytes: Array(value.utf8))
    }

    /// `CKA_CLASS`.
    public static func objectClass(_ objectClass: ObjectClass) -> Attribute {
        .ulong(.objectClass, objectClass.rawValue)
    }

    /// `CKA_KEY_TYPE`.
    public static func keyType(_ keyType: KeyType) -> Attribute {
        .ulong(.keyType, keyType.rawValue)
    }

    /// `CKA_LABEL`.
    public static func label(_ label: String) -> Attribute {
        .string(.label, label)
    }

    /// `CKA_ID`.
    public static func id(_ id: [UInt8]) -> Attribute {
        Attribute(.id, bytes: id)
    }
}

extension Attribute {
    /// Decodes a `CK_ULONG` value; nil when the length is not a machine word.
    static func decodeULong(_ bytes: [UInt8]) -> UInt? {
        guard bytes.count == MemoryLayout<UInt>.size else { return nil }
        return bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt.self) }
    }

    /// Decodes a `CK_BBOOL` value; nil when the length is not one byte.
    static func decodeBool(_ bytes: [UInt8]) -> Bool? {
        bytes.count == 1 ? bytes[0] != 0 : nil
    }
}

extension Array where Element == Attribute {
    /// Calls `body` with a `CK_ATTRIBUTE` array (and its count) whose values point
    /// into one buffer that lives for the duration of the call.
    func withCAttributes<R>(_ body: (UnsafeMutablePointer<CK_ATTRIBUTE>?, UInt) throws -> R) rethrows -> R {
        var storage = self.flatMap(\.value)
        return try storage.withUnsafeMutableBytes { values in
            var offset = 0
            var attributes: [CK_ATTRIBUTE] = []
            attributes.reserveCapacity(count)
            for attribute in self {
                let length = attribute.value.count
                let pointer = length == 0 ? nil : values.baseAddress.map { $0 + offset }
                attributes.append(CK_ATTRIBUTE(type: attribute.type.rawValue, pValue: pointer, ulValueLen: UInt(length)))
                offset += length
            }
            return try attributes.withUnsafeMutableBufferPointer { buffer in
                try body(buffer.baseAddress, UInt(buffer.count))
            }
        }
    }
}
