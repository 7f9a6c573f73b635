import RolesAnywhere
import PKCS11

/// A read-write session on one token with the user logged in: what the provisioning tools
/// (`token keygen`, `token import-cert`) need to create objects.
struct TokenWriteSession {
    let session: Session
    let info: TokenInfo

    /// Opens a session on the token `token` names, a label (`ra-test`) or a `pkcs11:` URI,
    /// and logs in by the PIN rules of ``TokenLogin``.
    static func open(token: String, modulePath: String?, pinSource: PINSource?) throws(RolesAnywhereError) -> TokenWriteSession {
        let uri = PKCS11BackendConfiguration.isTokenURI(token) ? try TokenObjectLocator.parse(token, role: "--token") : nil
        let module = try TokenModule.load(path: modulePath, uris: uri.map { [$0] } ?? [])
        let slot = try findSlot(token: token, uri: uri, module: module)
        do {
            let info = try slot.tokenInfo()
            let session = try slot.openSession(readWrite: true)
            let supply = try PINSupply.resolve(configured: pinSource, uris: uri.map { [$0] } ?? [])
            var attempts = 0
            _ = try TokenLogin(supply: supply).logIn(session, token: info.label, attempts: &attempts)
            return TokenWriteSession(session: session, info: info)
        } catch {
            throw TokenFailure.translate(error, action: "opening a read-write session", token: token)
        }
    }

    private static func findSlot(token: String, uri: PKCS11URI?, module: PKCS11Module) throws(RolesAnywhereError) -> Slot {
        do {
            let slots: [Slot]
            if let uri {
                slots = try TokenObjectLocator(module: module).slots(matching: uri)
            } else {
                slots = try module.slots().filter { slot in
                    let info = try slot.tokenInfo()
                    return info.flags.contains(.tokenInitialized) && info.label == token
                }
                if slots.isEmpty {
                    let present = try module.slots().compactMap { slot -> String? in
                        let info = try slot.tokenInfo()
                        return info.flags.contains(.tokenInitialized) ? "'\(info.label)'" : nil
                    }
                    let tokens = present.isEmpty ? "no token is present" : "the tokens present are \(present.joined(separator: ", "))"
                    throw RolesAnywhereError(
                        .tokenNotFound, "no token labelled '\(token)' in the PKCS#11 module \(module.path) (\(tokens)): insert the token or fix --token")
                }
            }
            guard slots.count == 1 else {
                let uris = try slots.map { PKCS11URI.format(token: try $0.tokenInfo()) }
                throw RolesAnywhereError(
                    .ambiguousTokenObject, "\(slots.count) tokens match --token \(token): \(uris.joined(separator: ", ")); give one of these URIs")
            }
            return slots[0]
        } catch {
            throw TokenFailure.translate(error, action: "finding the token", token: nil)
        }
    }

    /// The objects of any class with `attribute` (e.g. a label or an ID).
    func objects(with attribute: Attribute, class objectClass: ObjectClass? = nil) throws -> [ObjectHandle] {
        try session.findObjects((objectClass.map { [Attribute.objectClass($0)] } ?? []) + [attribute])
    }
}
