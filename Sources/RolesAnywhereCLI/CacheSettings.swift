#if canImport(FoundationEssentials)
import FoundationEssentials
#else
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#endif
import RolesAnywhere
import RolesAnywhereTools

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

    /// The cache key of a request made with `key`: the certificate (a file's SHA-256, or a token
    /// certificate's URI without its query, so no PIN, plus the module), and the private key and
    /// intermediates (a file's path and SHA-256, or a token key's URI without its query).
    static func cacheKey(_ key: KeySettings, request: CreateSessionRequest) throws -> CredentialCacheKey {
        let module = "|module:\(key.pkcs11Lib ?? "p11-kit-proxy")"
        func tokenIdentity(_ uri: String) -> String {
            "pkcs11:" + (uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri).dropFirst("pkcs11:".count) + module
        }
        let certificate =
            PKCS11BackendConfiguration.isTokenURI(key.certificate)
            ? tokenIdentity(key.certificate) : try CredentialCacheKey.fileIdentity(path: key.certificate)
        var keyIdentity = "none"
        if let privateKey = key.privateKey {
            keyIdentity =
                PKCS11BackendConfiguration.isTokenURI(privateKey) ? tokenIdentity(privateKey) : CredentialCacheKey.fileKeyIdentity(path: privateKey)
        }
        if let intermediates = key.intermediates {
            keyIdentity += "|chain:" + CredentialCacheKey.fileKeyIdentity(path: intermediates)
        }
        return CredentialCacheKey(certificateIdentity: certificate, keyIdentity: keyIdentity, request: request)
    }

    /// The warning for a cache problem: the credentials are fetched and printed all the same.
    static func warning(_ problem: CredentialCache.Problem) -> String {
        let path = ControlCharacters.escaped(problem.path)
        let cause = problem.cause.map { " (\($0))" } ?? ""
        switch problem.code {
        case .folderNotPrivate:
            return "the cache folder '\(path)' is not private\(cause): fetching without the cache; make it yours with mode 0700, or pick another with --cache-dir"
        case .folderUnusable:
            return "cannot use the cache folder '\(path)'\(cause): fetching without the cache"
        case .lockUnusable:
            return "cannot use the cache lock '\(path)'\(cause): fetching without the cache"
        case .lockTimedOut:
            return "another process has held the cache lock '\(path)' for 10 s: fetching without the cache"
        case .entryUnwritable:
            return "cannot store the credentials in the cache\(cause): they are printed but not cached"
        default:
            return "the cache was not used (\(problem.code))\(cause)"
        }
    }
}
