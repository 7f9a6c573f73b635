#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PKCS11
import X509

/// Finds the certificate and private key that `pkcs11:` URIs name on a module's tokens,
/// keeping one session per token for the search.
///
/// Certificates are public objects, found without a login. Private keys are found after a
/// login, which happens on one token only: when a key URI matches several tokens, the token
/// is chosen by what is visible without a login (public keys and certificates that match the
/// URI), and a URI that still matches several is refused with every candidate listed as a URI.
package struct TokenObjectLocator {
    /// A certificate found on a token.
    package struct FoundCertificate {
        package var session: Session
        package var handle: ObjectHandle
        package var certificate: Certificate
        package var id: [UInt8]?
        package var tokenLabel: String
        package var uri: String
    }

    /// A private key found on a token.
    package struct FoundKey {
        package var session: Session
        package var handle: ObjectHandle
        package var tokenLabel: String
        package var uri: String
    }

    package let module: PKCS11Module
    private var sessions: [UInt: Session] = [:]

    package init(module: PKCS11Module) {
        self.module = module
    }

    /// Parses a URI, naming its role (e.g. "--private-key") in errors.
    package static func parse(_ text: String, role: RolesAnywhereError.Wording) throws(RolesAnywhereError) -> PKCS11URI {
        do {
            let uri = try PKCS11URI(parsing: text)
            if uri.hasUnrecognizedAttributes {
                let names = PKCS11URI.unknownPathAttributes(in: text).map { "'\($0)'" }
                let named = names.isEmpty ? "attributes" : (names.count == 1 ? "the attribute " : "the attributes ") + names.joined(separator: ", ")
                throw RolesAnywhereError(
                    .invalidPKCS11URI,
                    "the \(role) URI \(uri) has \(named), which PKCS#11 URIs (RFC 7512) do not define: use token, object, id, type, serial, manufacturer, model or slot-id")
            }
            return uri
        } catch {
            throw TokenFailure.translate(error, action: "reading the \(role) URI", token: nil)
        }
    }

    /// The one certificate `uri` names (no login).
    package mutating func certificate(_ uri: PKCS11URI) throws -> FoundCertificate {
        let template = try Self.template(uri, objectClass: .certificate, role: "\(setting: .certificate)")
        var found: [(Slot, ObjectHandle)] = []
        for slot in try slots(matching: uri) {
            found += try session(for: slot).findObjects(template).map { (slot, $0) }
        }
        // Several on one token: a rotation is switching the pair. Several tokens: ambiguous.
        let (slot, handle) = try found.count > 1 && Set(found.map { $0.0.id }).count == 1
            ? newest(found) ?? Self.exactlyOne(found, kind: "certificate", uri: uri, describe: describe)
            : Self.exactlyOne(found, kind: "certificate", uri: uri, describe: describe)
        let session = try session(for: slot)
        let info = try slot.tokenInfo()
        guard let der = try session.certificateValue(of: handle), let certificate = try? Certificate(derEncoded: der) else {
            throw RolesAnywhereError(
                .invalidCertificate, "the certificate \(try describe(slot, handle)) on token '\(info.label)' is not a valid X.509 certificate")
        }
        return FoundCertificate(
            session: session, handle: handle, certificate: certificate, id: try session.id(of: handle),
            tokenLabel: info.label, uri: try describe(slot, handle))
    }

    /// The one private key `uri` names, logging in (through `logIn`) to the one token holding it.
    package mutating func privateKey(_ uri: PKCS11URI, logIn: (Session, String) throws -> Void) throws -> FoundKey {
        let keys = try privateKeys(uri, logIn: logIn)
        let (_, handle) = try Self.exactlyOne(keys.map { ($0.session.slot, $0.handle) }, kind: "private key", uri: uri, describe: describe)
        return keys.first { $0.handle == handle } ?? keys[0]
    }

    /// Every private key `uri` names on the one token holding them, logging in: several when a
    /// rotation is switching a pair (the certificate's proof then picks its own).
    package mutating func privateKeys(_ uri: PKCS11URI, logIn: (Session, String) throws -> Void) throws -> [FoundKey] {
        let template = try Self.template(uri, objectClass: .privateKey, role: "\(setting: .privateKey)")
        let slots = try slots(matching: uri)
        let slot = try slots.count == 1 ? slots[0] : chooseToken(among: slots, uri: uri)
        let session = try session(for: slot)
        let label = try slot.tokenInfo().label
        try logIn(session, label)
        let found = try session.findObjects(template)
        if found.isEmpty { _ = try Self.exactlyOne([], kind: "private key", uri: uri, describe: describe) }
        return try found.map { FoundKey(session: session, handle: $0, tokenLabel: label, uri: try describe(slot, $0)) }
    }

    /// Among several certificates one URI names, the one issued last (a rotation switching a
    /// pair puts the new certificate beside the old one for a moment; both pairs work while it
    /// does). Ties go by the later end of validity, then the larger serial, so the choice is
    /// stable. Nil when one does not decode.
    private mutating func newest(_ found: [(Slot, ObjectHandle)]) throws -> (Slot, ObjectHandle)? {
        var dated: [(entry: (Slot, ObjectHandle), certificate: Certificate)] = []
        for entry in found {
            guard let der = try session(for: entry.0).certificateValue(of: entry.1), let certificate = try? Certificate(derEncoded: der) else {
                return nil
            }
            dated.append((entry, certificate))
        }
        // Only successive certificates of one identity (same subject and issuer) are told apart;
        // unrelated ones sharing a label stay ambiguous.
        guard dated.dropFirst().allSatisfy({ Self.isSamePair($0.certificate, dated[0].certificate) }) else { return nil }
        return dated.max { Self.isOlder($0.certificate, than: $1.certificate) }?.entry
    }

    /// Whether two certificates are successive ones of one identity: same subject and issuer.
    package static func isSamePair(_ a: Certificate, _ b: Certificate) -> Bool {
        a.subject == b.subject && a.issuer == b.issuer
    }

    /// The order of successive certificates: by start of validity, then end, then serial (stable on ties).
    package static func isOlder(_ a: Certificate, than b: Certificate) -> Bool {
        if a.notValidBefore != b.notValidBefore { return a.notValidBefore < b.notValidBefore }
        if a.notValidAfter != b.notValidAfter { return a.notValidAfter < b.notValidAfter }
        return Array(a.serialNumber.bytes).lexicographicallyPrecedes(Array(b.serialNumber.bytes))
    }

    /// The private keys next to a token certificate: same token, same `CKA_ID`.
    package mutating func privateKeys(nextTo certificate: FoundCertificate, logIn: (Session, String) throws -> Void) throws -> [FoundKey] {
        guard let id = certificate.id, !id.isEmpty else {
            throw RolesAnywhereError(
                .tokenObjectNotFound,
                "the certificate \(certificate.uri) has no CKA_ID to find its private key by: give the key with \(setting: .privateKey) pkcs11:...")
        }
        try logIn(certificate.session, certificate.tokenLabel)
        let slot = certificate.session.slot
        return try certificate.session.findObjects([.objectClass(.privateKey), .id(id)]).map { handle in
            FoundKey(session: certificate.session, handle: handle, tokenLabel: certificate.tokenLabel, uri: try describe(slot, handle))
        }
    }

    /// The initialized tokens matching `uri`'s module, slot and token attributes.
    package func slots(matching uri: PKCS11URI) throws -> [Slot] {
        let slots = try TokenObjectFinder(module: module).matchingSlots(uri)
        guard slots.isEmpty else { return slots }
        let present = try module.slots().compactMap { slot -> String? in
            let info = try slot.tokenInfo()
            return info.flags.contains(.tokenInitialized) ? "'\(info.label)'" : nil
        }
        let tokens = present.isEmpty ? "no token is present" : "the tokens present are \(present.joined(separator: ", "))"
        throw RolesAnywhereError(
            .tokenNotFound,
            "no token matches \(uri) in the PKCS#11 module \(module.path) (\(tokens)): insert the token or fix the URI; \(tool: .tokenList) prints the URIs")
    }

    /// A session on `slot`'s token, opened once.
    package mutating func session(for slot: Slot) throws -> Session {
        if let session = sessions[slot.id] { return session }
        let session = try slot.openSession()
        sessions[slot.id] = session
        return session
    }

    /// Picks the one token, among several matching a key URI, that shows the key's public half,
    /// its certificate or the key itself without a login.
    private mutating func chooseToken(among slots: [Slot], uri: PKCS11URI) throws -> Slot {
        var hints: [(slot: Slot, uris: [String])] = []
        for slot in slots {
            let session = try session(for: slot)
            let info = try slot.tokenInfo()
            var uris: [String] = []
            for objectClass in [ObjectClass.privateKey, .publicKey, .certificate] {
                let template = Self.replacingClass(uri.attributeTemplate, with: objectClass)
                for handle in try session.findObjects(template) {
                    let text = PKCS11URI.format(
                        token: info, objectLabel: try session.label(of: handle), id: try session.id(of: handle),
                        objectClass: .privateKey)
                    if !uris.contains(text) { uris.append(text) }
                }
            }
            if !uris.isEmpty { hints.append((slot, uris)) }
        }
        if hints.count == 1 { return hints[0].slot }
        if hints.count > 1 {
            let candidates = hints.flatMap(\.uris)
            throw RolesAnywhereError(
                .ambiguousTokenObject,
                "\(candidates.count) private keys match \(uri) on \(hints.count) tokens: \(candidates.joined(separator: ", ")); give one of these URIs")
        }
        let tokens = try slots.map { PKCS11URI.format(token: try $0.tokenInfo()) }
        throw RolesAnywhereError(
            .ambiguousTokenObject,
            "\(uri) matches \(slots.count) tokens (\(tokens.joined(separator: ", "))) and none shows the key before login: add token=... to the URI")
    }

    private func describe(_ slot: Slot, _ handle: ObjectHandle) throws -> String {
        let session = sessions[slot.id]
        let info = try slot.tokenInfo()
        return PKCS11URI.format(
            token: info, objectLabel: try session?.label(of: handle), id: try session?.id(of: handle),
            objectClass: try session?.objectClass(of: handle))
    }

    /// The URI's template with the class `objectClass`; a URI naming another `type=` is refused.
    private static func template(_ uri: PKCS11URI, objectClass: ObjectClass, role: RolesAnywhereError.Wording) throws(RolesAnywhereError) -> [Attribute] {
        if let named = uri.objectClass, named != objectClass {
            let wanted = objectClass == .certificate ? "cert" : "private"
            throw RolesAnywhereError(
                .invalidPKCS11URI, "the \(role) URI \(uri) names objects of class \(named): use type=\(wanted) or leave type out")
        }
        return replacingClass(uri.attributeTemplate, with: objectClass)
    }

    private static func replacingClass(_ template: [Attribute], with objectClass: ObjectClass) -> [Attribute] {
        [.objectClass(objectClass)] + template.filter { $0.type != .objectClass }
    }

    private static func exactlyOne(
        _ found: [(Slot, ObjectHandle)], kind: String, uri: PKCS11URI, describe: (Slot, ObjectHandle) throws -> String
    ) throws -> (Slot, ObjectHandle) {
        if found.count == 1 { return found[0] }
        if found.isEmpty {
            throw RolesAnywhereError(
                .tokenObjectNotFound,
                "no \(kind) matches \(uri): \(tool: .tokenList) prints the URIs of the token's objects")
        }
        let candidates = try found.map { try describe($0.0, $0.1) }
        throw RolesAnywhereError(
            .ambiguousTokenObject,
            "\(found.count) \(kind)s match \(uri): \(candidates.joined(separator: ", ")); give one of these URIs")
    }
}
