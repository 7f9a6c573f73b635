import RolesAnywhere
import PKCS11

/// Readable names of the token flags `token list` shows.
enum TokenFlagNames {
    static let names: [(TokenFlags, String)] = [
        (.loginRequired, "login required"),
        (.userPinInitialized, "PIN initialized"),
        (.protectedAuthenticationPath, "PIN pad"),
        (.writeProtected, "write-protected"),
        (.userPinCountLow, "PIN count low"),
        (.userPinFinalTry, "PIN final try"),
        (.userPinLocked, "PIN locked"),
        (.userPinToBeChanged, "PIN to be changed"),
        (.soPinLocked, "SO PIN locked"),
        (.errorState, "error state"),
    ]

    /// The names of the set flags, plus `not initialized` when the token is blank.
    static func names(of flags: TokenFlags) -> [String] {
        var result = names.filter { flags.contains($0.0) }.map(\.1)
        if !flags.contains(.tokenInitialized) { result.insert("not initialized", at: 0) }
        return result
    }
}
