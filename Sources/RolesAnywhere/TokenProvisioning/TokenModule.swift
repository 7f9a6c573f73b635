import PKCS11

/// Loads the PKCS#11 module a command names: `--pkcs11-lib`, else a URI's `module-path` or
/// `module-name`, else p11-kit's proxy.
enum TokenModule {
    static func load(path: String?, uris: [PKCS11URI] = []) throws(RolesAnywhereError) -> PKCS11Module {
        do {
            if let path { return try PKCS11Module.load(path: path) }
            for uri in uris {
                if let path = uri.modulePath { return try PKCS11Module.load(path: path) }
                if let name = uri.moduleName { return try PKCS11Module.load(moduleName: name) }
            }
            return try PKCS11Module.load(path: nil)
        } catch {
            throw TokenFailure.translate(error, action: "loading the PKCS#11 module", token: nil)
        }
    }
}
