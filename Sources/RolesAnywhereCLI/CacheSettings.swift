#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RolesAnywhere

/// The credential cache of `credential-process` (on by default), as plain values.
struct CacheSettings {
    var noCache = false
    var cacheDir: String?

    /// The cache, unless turned off.
    func makeCache() -> CredentialCache? {
        noCache ? nil : CredentialCache(directory: directory)
    }

    /// The cache folder in use.
    var directory: String {
        cacheDir ?? CredentialCache.defaultDirectory(environment: ProcessInfo.processInfo.environment)
    }

    /// What identifies the certificate in the cache key: a file's SHA-256, or a token
    /// certificate's URI without its query (no PIN) plus the module.
    static func certificateIdentity(_ key: KeySettings) throws -> String {
        if PKCS11BackendConfiguration.isTokenURI(key.certificate) {
            let path = key.certificate.split(separator: "?", maxSplits: 1).first.map(String.init) ?? key.certificate
            return "pkcs11:\(path)|module:\(key.pkcs11Lib ?? "p11-kit-proxy")"
        }
        return try CredentialCacheKey.fileIdentity(path: key.certificate)
    }
}
