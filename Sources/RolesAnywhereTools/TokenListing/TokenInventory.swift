import RolesAnywhere
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PKCS11

/// Lists a PKCS#11 module's slots, their tokens and the tokens' objects, each with a URI, so
/// users copy a URI instead of guessing one (`roles-anywhere token list`).
///
/// Public objects (certificates, public keys) are listed without a login. With a
/// ``pinSource``, the user logs in to each listed token that needs it, and private objects
/// (private keys) are listed too; a PIN the token refuses is noted on that token and, unless
/// typed at the prompt, not retried.
public struct TokenInventory: Sendable {
    /// The PKCS#11 module; nil for p11-kit's proxy.
    public var modulePath: String?
    /// A `pkcs11:` URI selecting the tokens to list (e.g. `pkcs11:token=ra-test`); nil for all.
    public var tokenFilter: String?
    /// Where the PIN comes from to list private objects; nil to list public objects only.
    public var pinSource: PINSource?
    private let clock: @Sendable () -> Date

    /// Creates an inventory.
    public init(
        modulePath: String? = nil, tokenFilter: String? = nil, pinSource: PINSource? = nil,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.modulePath = modulePath
        self.tokenFilter = tokenFilter
        self.pinSource = pinSource
        self.clock = clock
    }

    /// Every slot (those whose token does not match ``tokenFilter`` left out).
    public func slots() throws(RolesAnywhereError) -> [SlotListing] {
        // A label (`ra-test`) or a URI, as the other token commands take it.
        let filter = try tokenFilter.map { text throws(RolesAnywhereError) in
            try TokenObjectLocator.parse(
                PKCS11BackendConfiguration.isTokenURI(text) ? text : "pkcs11:token=\(SigV4Encoding.percentEncode(text))",
                role: "--token")
        }
        let module = try TokenModule.load(path: modulePath, uris: filter.map { [$0] } ?? [])
        do {
            var listings: [SlotListing] = []
            for slot in try module.slots(withTokenPresent: false) {
                let info = try slot.slotInfo()
                guard info.flags.contains(.tokenPresent) else {
                    if filter == nil { listings.append(SlotListing(slotID: slot.id, slotDescription: info.slotDescription)) }
                    continue
                }
                if let filter, try !filter.matches(slot: slot) { continue }
                listings.append(SlotListing(
                    slotID: slot.id, slotDescription: info.slotDescription, token: try listing(of: slot)))
            }
            return listings
        } catch {
            throw TokenFailure.translate(error, action: "listing the tokens of \(module.path)", token: nil)
        }
    }

    private func listing(of slot: Slot) throws -> TokenListing {
        let info = try slot.tokenInfo()
        var listing = TokenListing(
            label: info.label, manufacturer: info.manufacturer, model: info.model, serialNumber: info.serialNumber,
            flags: TokenFlagNames.names(of: info.flags), uri: PKCS11URI.format(token: info), objects: [],
            includesPrivateObjects: !info.flags.contains(.loginRequired), note: nil)
        guard info.flags.contains(.tokenInitialized) else {
            listing.flags = ["not initialized"]
            listing.includesPrivateObjects = true
            listing.note = "the token is not initialized"
            return listing
        }
        let session = try slot.openSession()
        if let pinSource, !listing.includesPrivateObjects {
            do {
                var attempts = 0
                _ = try TokenLogin(supply: PINSupply(origin: .source(pinSource))).logIn(session, token: info.label, attempts: &attempts)
                listing.includesPrivateObjects = true
                listing.flags = TokenFlagNames.names(of: try slot.tokenInfo().flags)
            } catch {
                // A login was asked for: its failure (a wrong or locked PIN) is the command's,
                // not a note a script would miss while a TPM counts towards its lockout.
                throw TokenFailure.translate(error, action: "logging in", token: info.label)
            }
        }
        let now = clock()
        listing.objects = try session.findObjects([]).map {
            try TokenObjectDescriber.describe($0, in: session, token: info, now: now)
        }.sorted(by: Self.listingOrder)
        return listing
    }

    private static func listingOrder(_ a: TokenObjectListing, _ b: TokenObjectListing) -> Bool {
        let order = TokenObjectDescriber.kindOrder
        let rankA = order.firstIndex(of: a.kind) ?? order.count
        let rankB = order.firstIndex(of: b.kind) ?? order.count
        if rankA != rankB { return rankA < rankB }
        if a.id != b.id { return (a.id ?? []).lexicographicallyPrecedes(b.id ?? []) }
        return (a.label ?? "") < (b.label ?? "")
    }
}
