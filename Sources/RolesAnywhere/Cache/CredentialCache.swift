#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#endif

/// A file cache of credentials for `credential-process`, so AWS tools that start it for
/// every call do not make a CreateSession each time (the service allows 10 per second).
///
/// One file per request identity (certificate, key, ARNs, region, endpoint, duration, session
/// name) in a private folder (0700; files 0600). A cached entry is used while more than the
/// refresh margin remains; a hit needs no key, PIN or token, so the entry is as sensitive as
/// the credentials it holds. Concurrent cold runs coalesce: the first takes the entry's lock
/// and fetches, the others wait on the lock and then read the fresh entry, so N parallel runs
/// make one CreateSession. A file that is corrupt, foreign (another key, another owner, group-
/// or world-accessible, a link) or expired is ignored and replaced.
///
/// The cache never costs the caller its credentials: when the folder is not private, the lock
/// is unusable or held too long, or the entry cannot be written, the problem is reported and
/// the credentials are fetched and returned all the same.
public struct CredentialCache: Sendable {
    /// The cache folder.
    public let directory: String
    /// Refresh when fewer than this many seconds remain (capped at half the session length).
    public let refreshMargin: TimeInterval
    /// The longest wait for another process's fetch.
    public let lockTimeout: Duration
    private let clock: @Sendable () -> Date

    public init(
        directory: String, refreshMargin: TimeInterval = 900, lockTimeout: Duration = .seconds(10),
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.directory = directory
        self.refreshMargin = refreshMargin
        self.lockTimeout = lockTimeout
        self.clock = clock
    }

    /// Why the cache was left out of one call; the credentials were fetched all the same.
    public struct Problem: Sendable, Hashable {
        /// What went wrong.
        public var code: Code
        /// The folder, lock or entry concerned.
        public var path: String
        /// The system's reason, when there is one.
        public var cause: String?

        /// An open set of cache problems.
        public struct Code: Hashable, Sendable, CustomStringConvertible {
            public let name: String
            public init(_ name: String) { self.name = name }
            public var description: String { name }

            /// The folder is another user's, or group- or world-writable.
            public static let folderNotPrivate = Code("folderNotPrivate")
            /// The folder cannot be created or is not a folder.
            public static let folderUnusable = Code("folderUnusable")
            /// The lock file is a link, not ours, or cannot be opened.
            public static let lockUnusable = Code("lockUnusable")
            /// Another process held the lock for the whole ``CredentialCache/lockTimeout``.
            public static let lockTimedOut = Code("lockTimedOut")
            /// The fresh entry could not be written (disk full, read-only folder).
            public static let entryUnwritable = Code("entryUnwritable")
        }
    }

    /// `$XDG_CACHE_HOME/roles-anywhere`, else `~/.cache/roles-anywhere`.
    public static func defaultDirectory(environment: [String: String]) -> String {
        if let base = environment["XDG_CACHE_HOME"], base.hasPrefix("/") { return "\(base)/roles-anywhere" }
        return "\(HomeDirectory.path(environment: environment))/.cache/roles-anywhere"
    }

    /// The cached credentials for `key` when a trustworthy entry is fresh, else nil. Synchronous
    /// and read-only (nothing is created, waited for or reported), so a caller can answer a hit
    /// before starting anything else.
    public func freshCredentials(for key: CredentialCacheKey, durationSeconds: Int) -> AWSCredentials? {
        var info = stat()
        guard stat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == getuid(), info.st_mode & 0o022 == 0,
            let cached = CachedCredentialsFile.read("\(directory)/\(key.hex).json", key: key),
            cached.isFresh(at: clock(), margin: min(refreshMargin, TimeInterval(durationSeconds) / 2))
        else { return nil }
        return cached
    }

    /// Cached credentials for `key` if fresh, else the result of `fetch`, stored for the next run.
    /// - Parameter report: told of every problem that kept the cache out of this call.
    public func credentials(
        for key: CredentialCacheKey, durationSeconds: Int, report: (Problem) -> Void = { _ in },
        fetch: () async throws -> AWSCredentials
    ) async throws -> AWSCredentials {
        let margin = min(refreshMargin, TimeInterval(durationSeconds) / 2)
        if let problem = prepareFolder() {
            report(problem)
            return try await fetch()
        }
        let entryPath = "\(directory)/\(key.hex).json"
        if let cached = CachedCredentialsFile.read(entryPath, key: key), cached.isFresh(at: clock(), margin: margin) {
            return cached
        }
        let lock: FileLock
        do {
            lock = try FileLock(path: "\(directory)/\(key.hex).lock", timeout: lockTimeout)
        } catch {
            switch error {
            case .unusable(let path, let cause): report(Problem(code: .lockUnusable, path: path, cause: cause))
            case .timedOut(let path): report(Problem(code: .lockTimedOut, path: path))
            }
            return try await fetch()
        }
        defer { lock.release() }
        // Another run may have fetched while this one waited for the lock.
        if let cached = CachedCredentialsFile.read(entryPath, key: key), cached.isFresh(at: clock(), margin: margin) {
            return cached
        }
        let credentials = try await fetch()
        AtomicFileWriter.removeStaleTemporaryFiles(for: entryPath)
        do {
            try AtomicFileWriter.write(CachedCredentialsFile.encode(credentials, key: key), to: entryPath)
        } catch {
            report(Problem(code: .entryUnwritable, path: entryPath, cause: error.message))
        }
        return credentials
    }

    /// Makes the folder (0700) when missing; a problem when it is not a private folder of this user.
    func prepareFolder() -> Problem? {
        var info = stat()
        if stat(directory, &info) != 0 {
            do {
                try AtomicFileWriter.makeFolder(directory)
            } catch {
                return Problem(code: .folderUnusable, path: directory, cause: error.message)
            }
            guard stat(directory, &info) == 0 else {
                return Problem(code: .folderUnusable, path: directory, cause: String(cString: strerror(errno)))
            }
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            return Problem(code: .folderUnusable, path: directory, cause: "it is not a folder")
        }
        guard info.st_uid == getuid() else {
            return Problem(code: .folderNotPrivate, path: directory, cause: "it belongs to another user")
        }
        guard info.st_mode & 0o022 == 0 else {
            return Problem(code: .folderNotPrivate, path: directory, cause: "others can write into it")
        }
        return nil
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
