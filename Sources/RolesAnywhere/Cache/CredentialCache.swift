import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A file cache of credentials for `credential-process`, so AWS tools that start it for
/// every call do not make a CreateSession each time (the service allows 10 per second).
///
/// One file per request identity in a private folder (0700; files 0600). A cached entry is
/// used while more than the refresh margin remains. Concurrent cold runs coalesce: the
/// first takes the entry's lock and fetches, the others wait on the lock and then read the
/// fresh entry, so N parallel runs make one CreateSession. A file that is corrupt, foreign
/// (another key, another owner, group- or world-accessible, a link) or expired is ignored
/// and replaced.
public struct CredentialCache: Sendable {
    /// The cache folder.
    public let directory: String
    /// Refresh when fewer than this many seconds remain (capped at half the session length).
    public let refreshMargin: TimeInterval
    private let clock: @Sendable () -> Date

    public init(directory: String, refreshMargin: TimeInterval = 900, clock: @escaping @Sendable () -> Date = Date.init) {
        self.directory = directory
        self.refreshMargin = refreshMargin
        self.clock = clock
    }

    /// `$XDG_CACHE_HOME/roles-anywhere`, else `~/.cache/roles-anywhere`.
    public static func defaultDirectory(environment: [String: String]) -> String {
        if let base = environment["XDG_CACHE_HOME"], base.hasPrefix("/") { return "\(base)/roles-anywhere" }
        return "\(environment["HOME"] ?? NSHomeDirectory())/.cache/roles-anywhere"
    }

    /// Cached credentials for `key` if fresh, else the result of `fetch`, stored for the next run.
    public func credentials(
        for key: CredentialCacheKey, durationSeconds: Int, fetch: () async throws -> AWSCredentials
    ) async throws -> AWSCredentials {
        let margin = min(refreshMargin, TimeInterval(durationSeconds) / 2)
        try AtomicFileWriter.makeFolder(directory)
        let entryPath = "\(directory)/\(key.hex).json"
        if let cached = CachedCredentialsFile.read(entryPath, key: key), cached.isFresh(at: clock(), margin: margin) {
            return cached
        }
        let lock = try FileLock(path: "\(directory)/\(key.hex).lock")
        defer { lock.release() }
        // Another run may have fetched while this one waited for the lock.
        if let cached = CachedCredentialsFile.read(entryPath, key: key), cached.isFresh(at: clock(), margin: margin) {
            return cached
        }
        let credentials = try await fetch()
        AtomicFileWriter.removeStaleTemporaryFiles(for: entryPath)
        try AtomicFileWriter.write(CachedCredentialsFile.encode(credentials, key: key), to: entryPath)
        return credentials
    }

    /// Deletes every cache entry and lock; returns how many files were removed.
    @discardableResult
    public func clear() throws(RolesAnywhereError) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return 0 }
        var removed = 0
        for name in names where name.hasSuffix(".json") || name.hasSuffix(".lock") {
            guard unlink("\(directory)/\(name)") == 0 else {
                throw RolesAnywhereError(.unwritableFile, "cannot remove '\(directory)/\(name)': \(String(cString: strerror(errno)))")
            }
            removed += 1
        }
        return removed
    }
}
