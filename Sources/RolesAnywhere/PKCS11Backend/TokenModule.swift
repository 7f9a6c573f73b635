import PKCS11

/// Loads the PKCS#11 module a configuration names: an explicit path, else a URI's
/// `module-path` or `module-name`, else p11-kit's proxy.
package enum TokenModule {
    /// Loads and initialises the module.
    /// - Throws: `pkcs11ModuleUnavailable` when it cannot be loaded, `tokenFailure` naming the
    ///   module and the token when it does not start (`C_Initialize`), e.g. a TPM out of reach.
    package static func load(path: String?, uris: [PKCS11URI] = []) throws(RolesAnywhereError) -> PKCS11Module {
        let chosen = path ?? uris.lazy.compactMap(\.modulePath).first
        do {
            if let chosen { return try PKCS11Module.load(path: chosen) }
            if let name = uris.lazy.compactMap(\.moduleName).first { return try PKCS11Module.load(moduleName: name) }
            return try PKCS11Module.load(path: nil)
        } catch let error as PKCS11Error where error.function == "C_Initialize" {
            throw startFailure(error, path: chosen, token: uris.lazy.compactMap(\.tokenLabel).first)
        } catch {
            throw TokenFailure.translate(error, action: "loading the PKCS#11 module", token: nil)
        }
    }

    /// The module loaded but refused to start: name it, the token, and where to look.
    private static func startFailure(_ error: PKCS11Error, path: String?, token: String?) -> RolesAnywhereError {
        let module = path.map { "the PKCS#11 module \($0)" } ?? "p11-kit's proxy module"
        let forToken = token.map { " for token '\($0)'" } ?? ""
        // tpm2-pkcs11 fails C_Initialize with CKR_GENERAL_ERROR when its TPM cannot be reached.
        let isTPM = path?.lowercased().contains("tpm2") == true
        let advice = isTPM
            ? "is the TPM reachable (/dev/tpmrm0 and the tss group, or the TCTI in TPM2_PKCS11_TCTI)?"
            : "is the device or service it drives reachable, and its configuration readable?"
        return RolesAnywhereError(
            .tokenFailure,
            "\(module) did not start\(forToken) (\(error.function): \(error.code.name)): \(advice)",
            subject: path, cause: "\(error.function): \(error.code.name)")
    }
}
