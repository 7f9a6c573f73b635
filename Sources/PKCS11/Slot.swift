internal import CPKCS11

/// A slot of a module: a reader, or a virtual slot, that may hold a token.
///
/// Slots come from ``PKCS11Module/slots(withTokenPresent:)``. A `Slot` is a plain
/// value (module plus slot ID); each method asks the module afresh.
public struct Slot: Hashable, Sendable {
    /// The module the slot belongs to.
    public let module: PKCS11Module

    /// The slot ID (`CK_SLOT_ID`; `slot-id` in a PKCS #11 URI).
    public let id: UInt

    init(module: PKCS11Module, id: UInt) {
        self.module = module
        self.id = id
    }

    /// Slot information (`C_GetSlotInfo`).
    public func slotInfo() throws -> SlotInfo {
        let getSlotInfo = try module.function(\.C_GetSlotInfo, "C_GetSlotInfo")
        var info = CK_SLOT_INFO()
        try PKCS11Error.check(getSlotInfo(id, &info), "C_GetSlotInfo")
        return SlotInfo(info)
    }

    /// Information about the token in the slot (`C_GetTokenInfo`).
    ///
    /// The flags change as PINs are entered, so call it again rather than keeping an old copy.
    public func tokenInfo() throws -> TokenInfo {
        let getTokenInfo = try module.function(\.C_GetTokenInfo, "C_GetTokenInfo")
        var info = CK_TOKEN_INFO()
        try PKCS11Error.check(getTokenInfo(id, &info), "C_GetTokenInfo")
        return TokenInfo(info)
    }

    /// The mechanisms the token supports (`C_GetMechanismList`).
    public func mechanisms() throws -> [MechanismType] {
        let getMechanismList = try module.function(\.C_GetMechanismList, "C_GetMechanismList")
        let slotID = id
        let types = try PKCS11Module.fetchList(of: CK_MECHANISM_TYPE.self, "C_GetMechanismList") { buffer, count in
            getMechanismList(slotID, buffer, count)
        }
        return types.map(MechanismType.init(rawValue:))
    }

    /// Opens a session with the token (`C_OpenSession`, always `CKF_SERIAL_SESSION`).
    ///
    /// Pass `readWrite: true` to create or change objects. The session closes itself
    /// when the last reference to it goes away.
    public func openSession(readWrite: Bool = false) throws -> Session {
        let openSession = try module.function(\.C_OpenSession, "C_OpenSession")
        let serialSession: UInt = 1 << 2
        let readWriteSession: UInt = 1 << 1
        var handle: CK_SESSION_HANDLE = 0
        let flags = serialSession | (readWrite ? readWriteSession : 0)
        try PKCS11Error.check(openSession(id, flags, nil, nil, &handle), "C_OpenSession")
        return Session(slot: self, handle: handle)
    }
}
