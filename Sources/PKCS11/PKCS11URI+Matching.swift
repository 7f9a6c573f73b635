internal import CPKCS11

extension PKCS11URI {
    /// Whether the module attributes (`library-manufacturer`, `library-description`,
    /// `library-version`) match (`p11_kit_uri_match_module_info`).
    public func matches(moduleInfo: ModuleInfo) -> Bool {
        var info = moduleInfo.cInfo
        return p11_kit_uri_match_module_info(storage.uri, &info) != 0
    }

    /// Whether the slot attributes (`slot-description`, `slot-manufacturer`) match
    /// (`p11_kit_uri_match_slot_info`).
    public func matches(slotInfo: SlotInfo) -> Bool {
        var info = slotInfo.cInfo
        return p11_kit_uri_match_slot_info(storage.uri, &info) != 0
    }

    /// Whether `slot-id` is absent or equal to `slotID`.
    public func matches(slotID: UInt) -> Bool {
        guard let wanted = self.slotID else { return true }
        return wanted == slotID
    }

    /// Whether the token attributes (`token`, `manufacturer`, `model`, `serial`) match
    /// (`p11_kit_uri_match_token_info`).
    public func matches(tokenInfo: TokenInfo) -> Bool {
        var info = tokenInfo.cInfo
        return p11_kit_uri_match_token_info(storage.uri, &info) != 0
    }

    /// Whether a slot and the token in it match: slot ID, slot and token attributes.
    public func matches(slot: Slot) throws -> Bool {
        guard matches(slotID: slot.id), try matches(slotInfo: slot.slotInfo()) else {
            return false
        }
        return try matches(tokenInfo: slot.tokenInfo())
    }
}
