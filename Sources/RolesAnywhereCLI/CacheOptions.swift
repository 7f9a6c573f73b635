import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

/// The credential cache of `credential-process` (on by default).
struct CacheOptions: ParsableArguments {
    @Flag(help: "Do not use the credential cache: always call CreateSession.")
    var noCache = false

    @Option(help: "Cache folder (default: $XDG_CACHE_HOME/roles-anywhere, else ~/.cache/roles-anywhere).")
    var cacheDir: String?

    /// The parsed values.
    var settings: CacheSettings { CacheSettings(noCache: noCache, cacheDir: cacheDir) }
}
