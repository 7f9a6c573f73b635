/// Finds the objects a ``PKCS11URI`` names across all slots of a module.
///
/// ```swift
/// let finder = TokenObjectFinder(module: module)
/// let key = try finder.findExactlyOne(uri, loginPIN: { token in PIN(askUser(token.label)) })
/// let signature = try key.session.sign(mechanism: .sha256RSAPKCS, key: key.handle, data: message)
/// ```
///
/// Only tokens whose slot and token attributes match the URI are opened. Private
/// objects are visible only after a login, so pass `loginPIN` when looking for a
/// private key: it is called once for each matching token that requires a login
/// and is not logged in yet.
public struct TokenObjectFinder: Sendable {
    /// The module whose slots are searched.
    public let module: PKCS11Module

    /// Creates a finder for `module`.
    public init(module: PKCS11Module) {
        self.module = module
    }

    /// The slots whose initialized token matches the URI's module, slot and token
    /// attributes. Uninitialized tokens (such as SoftHSM's spare slot) are skipped.
    public func matchingSlots(_ uri: PKCS11URI) throws -> [Slot] {
        guard uri.matches(moduleInfo: try module.info()) else { return [] }
        return try module.slots(withTokenPresent: true).filter { slot in
            let tokenInfo = try slot.tokenInfo()
            guard tokenInfo.flags.contains(.tokenInitialized) else { return false }
            return try uri.matches(slotID: slot.id) && uri.matches(slotInfo: slot.slotInfo())
                && uri.matches(tokenInfo: tokenInfo)
        }
    }

    /// Every object that matches `uri`, token by token.
    ///
    /// - Throws: ``PKCS11LibraryError`` with code `.invalidURI` when the URI has
    ///   attributes p11-kit does not understand; errors from `loginPIN`; ``PKCS11Error``.
    public func findAll(_ uri: PKCS11URI, loginPIN: ((TokenInfo) throws -> PIN)? = nil) throws -> [TokenObject] {
        if uri.hasUnrecognizedAttributes {
            throw PKCS11LibraryError(
                code: .invalidURI, message: "URI \(uri) has attributes this PKCS#11 library does not understand")
        }
        var found: [TokenObject] = []
        for slot in try matchingSlots(uri) {
            let tokenInfo = try slot.tokenInfo()
            let session = try slot.openSession()
            if let loginPIN, tokenInfo.flags.contains(.loginRequired), try !session.state().isUserLoggedIn {
                try session.login(.user, pin: loginPIN(tokenInfo))
            }
            for handle in try session.findObjects(uri.attributeTemplate) {
                found.append(TokenObject(
                    session: session, handle: handle, tokenInfo: tokenInfo,
                    objectClass: try session.objectClass(of: handle),
                    label: try session.label(of: handle), id: try session.id(of: handle)))
            }
        }
        return found
    }

    /// The one object that matches `uri`.
    ///
    /// - Throws: ``PKCS11LibraryError`` with code `.noMatchingObject`
    ///   (`no object matches URI pkcs11:...`) or `.ambiguousMatch`
    ///   (`2 objects match URI pkcs11:...: <uri1>, <uri2>`, each candidate as a URI
    ///   precise enough to pick it), and whatever ``findAll(_:loginPIN:)`` throws.
    public func findExactlyOne(_ uri: PKCS11URI, loginPIN: ((TokenInfo) throws -> PIN)? = nil) throws -> TokenObject {
        let found = try findAll(uri, loginPIN: loginPIN)
        switch found.count {
        case 1:
            return found[0]
        case 0:
            throw PKCS11LibraryError(code: .noMatchingObject, message: "no object matches URI \(uri)")
        default:
            let candidates = found.map(\.uri).joined(separator: ", ")
            throw PKCS11LibraryError(
                code: .ambiguousMatch, message: "\(found.count) objects match URI \(uri): \(candidates)")
        }
    }
}
