internal import CPKCS11
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An RFC 7512 PKCS #11 URI, parsed and matched by p11-kit (`p11-kit/uri.h`).
///
/// ```swift
/// let uri = try PKCS11URI(parsing: "pkcs11:token=ra-test;object=rsa2048;type=private")
/// uri.tokenLabel        // "ra-test"
/// uri.objectClass       // .privateKey
/// session.findObjects(uri.attributeTemplate)
/// ```
///
/// Every component is optional; an absent one matches anything. The PIN given by
/// `pin-value` is offered only as a ``PIN``, and ``description`` never shows it.
public struct PKCS11URI: Sendable {
    /// Owns the `P11KitUri`; immutable after parsing, so sharing it is safe.
    final class Storage: @unchecked Sendable {
        let uri: OpaquePointer
        init(_ uri: OpaquePointer) { self.uri = uri }
        deinit { p11_kit_uri_free(uri) }
    }

    let storage: Storage

    /// Parses `string` (`p11_kit_uri_parse` with `P11_KIT_URI_FOR_ANY`).
    ///
    /// - Throws: ``PKCS11LibraryError`` with code `.invalidURI` and p11-kit's reason,
    ///   such as `invalid PKCS#11 URI "pkcs11:id=%zz": The URI has bad encoding`
    ///   (any `pin-value` is redacted from the message).
    public init(parsing string: String) throws {
        guard let uri = p11_kit_uri_new() else {
            throw PKCS11LibraryError(code: .unexpectedResult, message: "p11_kit_uri_new failed (out of memory)")
        }
        let storage = Storage(uri)
        let flags = P11KitUriType(rawValue: 0x0000_FFFF)  // P11_KIT_URI_FOR_ANY
        let result = p11_kit_uri_parse(string, flags, uri)
        guard result == 0 else {
            let reason = p11_kit_uri_message(result).map { String(cString: $0) } ?? "error \(result)"
            throw PKCS11LibraryError(
                code: .invalidURI,
                message: "invalid PKCS#11 URI \"\(Self.redactingPINValue(string))\": \(reason)")
        }
        self.storage = storage
    }

    /// `token`: the token label.
    public var tokenLabel: String? { tokenField(\.label) }
    /// `manufacturer`: the token manufacturer.
    public var tokenManufacturer: String? { tokenField(\.manufacturerID) }
    /// `model`: the token model.
    public var tokenModel: String? { tokenField(\.model) }
    /// `serial`: the token serial number.
    public var tokenSerial: String? { tokenField(\.serialNumber) }

    /// `slot-id`: the slot ID.
    public var slotID: UInt? {
        let id = p11_kit_uri_get_slot_id(storage.uri)
        return id == UInt.max ? nil : id  // (CK_SLOT_ID)-1 means absent
    }
    /// `slot-description`.
    public var slotDescription: String? {
        p11_kit_uri_get_slot_info(storage.uri).flatMap { Self.optionalText($0.pointee.slotDescription) }
    }
    /// `slot-manufacturer`.
    public var slotManufacturer: String? {
        p11_kit_uri_get_slot_info(storage.uri).flatMap { Self.optionalText($0.pointee.manufacturerID) }
    }
    /// `library-manufacturer`: the module manufacturer.
    public var libraryManufacturer: String? {
        p11_kit_uri_get_module_info(storage.uri).flatMap { Self.optionalText($0.pointee.manufacturerID) }
    }
    /// `library-description`: the module description.
    public var libraryDescription: String? {
        p11_kit_uri_get_module_info(storage.uri).flatMap { Self.optionalText($0.pointee.libraryDescription) }
    }

    /// `object`: the object label (`CKA_LABEL`).
    public var objectLabel: String? {
        attributeBytes(.label).map { String(decoding: $0, as: UTF8.self) }
    }
    /// `id`: the object ID bytes (`CKA_ID`), percent-decoded.
    public var id: [UInt8]? { attributeBytes(.id) }
    /// `type`: `cert`, `private`, `public`, `secret-key` or `data` as an object class.
    public var objectClass: ObjectClass? {
        attributeBytes(.objectClass).flatMap(Attribute.decodeULong).map(ObjectClass.init(rawValue:))
    }

    /// Whether the URI carries a `pin-value` (RFC 7512 discourages it).
    public var hasPINValue: Bool { p11_kit_uri_get_pin_value(storage.uri) != nil }
    /// `pin-value`, as a ``PIN`` that wipes its copy when released.
    public var pinValue: PIN? {
        guard let value = p11_kit_uri_get_pin_value(storage.uri) else { return nil }
        return PIN(bytes: UnsafeRawBufferPointer(start: value, count: strlen(value)))
    }
    /// `pin-source`: where to read the PIN (a file path or `file:` URI).
    public var pinSource: String? { p11_kit_uri_get_pin_source(storage.uri).map { String(cString: $0) } }
    /// `module-name`: the p11-kit registry name of the module (see ``PKCS11Module/load(moduleName:)``).
    public var moduleName: String? { p11_kit_uri_get_module_name(storage.uri).map { String(cString: $0) } }
    /// `module-path`: the file of the module (see ``PKCS11Module/load(path:)``).
    public var modulePath: String? { p11_kit_uri_get_module_path(storage.uri).map { String(cString: $0) } }

    /// Another query attribute (`p11_kit_uri_get_vendor_query`), such as `x-vendor=...`.
    public func queryValue(_ name: String) -> String? {
        p11_kit_uri_get_vendor_query(storage.uri, name).map { String(cString: $0) }
    }

    /// The path attributes RFC 7512 defines.
    public static let pathAttributeNames: Set<String> = [
        "token", "manufacturer", "serial", "model", "library-manufacturer", "library-description", "library-version",
        "object", "type", "id", "slot-description", "slot-manufacturer", "slot-id",
    ]

    /// The names of the path attributes in `text` (a `pkcs11:` URI) that RFC 7512 does not
    /// define, percent-decoded, in order; for messages that name what is wrong.
    public static func unknownPathAttributes(in text: String) -> [String] {
        guard text.lowercased().hasPrefix("pkcs11:") else { return [] }
        let path = text.dropFirst("pkcs11:".count).split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return path.split(separator: ";").compactMap { part in
            let name = String(part.split(separator: "=", maxSplits: 1).first ?? "")
            return pathAttributeNames.contains(name.lowercased()) || name.isEmpty ? nil : name
        }
    }

    /// Whether the URI has path attributes p11-kit does not know; such a URI matches nothing.
    public var hasUnrecognizedAttributes: Bool { p11_kit_uri_any_unrecognized(storage.uri) != 0 }

    /// The `CKA_CLASS`, `CKA_LABEL` and `CKA_ID` the URI names, as a search template
    /// for ``Session/findObjects(_:)``.
    public var attributeTemplate: [Attribute] {
        var template: [Attribute] = []
        if let objectClass { template.append(.objectClass(objectClass)) }
        if let label = attributeBytes(.label) { template.append(Attribute(.label, bytes: label)) }
        if let id { template.append(.id(id)) }
        return template
    }

    private func tokenField<Field>(_ keyPath: KeyPath<CK_TOKEN_INFO, Field>) -> String? {
        p11_kit_uri_get_token_info(storage.uri).flatMap { Self.optionalText($0.pointee[keyPath: keyPath]) }
    }

    /// p11-kit leaves absent text fields zero-filled and pads present ones with blanks.
    private static func optionalText<Field>(_ field: Field) -> String? {
        let absent = withUnsafeBytes(of: field) { $0.first == 0 }
        return absent ? nil : PaddedText.decode(field)
    }

    private func attributeBytes(_ type: AttributeType) -> [UInt8]? {
        guard let attribute = p11_kit_uri_get_attribute(storage.uri, type.rawValue)?.pointee else { return nil }
        let length = Int(attribute.ulValueLen)
        guard length > 0, length != Int(bitPattern: UInt.max), let value = attribute.pValue else { return [] }
        return Array(UnsafeRawBufferPointer(start: value, count: length))
    }
}
