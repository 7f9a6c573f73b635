import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

/// `roles-anywhere cache`: manage the credential cache of `credential-process`.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache", abstract: "Manage the credential cache of credential-process.",
        subcommands: [CacheClearCommand.self])
}

/// `roles-anywhere cache clear`: deletes every cached credential set.
struct CacheClearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clear", abstract: "Delete every cached credential set.")

    @Option(help: "Cache folder (default: $XDG_CACHE_HOME/roles-anywhere, else ~/.cache/roles-anywhere).")
    var cacheDir: String?

    func run() throws {
        let directory = CacheSettings(cacheDir: cacheDir).directory
        let removed = try CredentialCache(directory: directory).clear()
        StandardError.write("roles-anywhere: removed \(removed) file(s) from \(directory)")
    }
}
