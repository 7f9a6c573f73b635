#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#endif

/// The on-disk form of a cache entry, and the checks before trusting one.
package enum CachedCredentialsFile {
    private struct Entry: Codable {
        var version: Int
        var key: String
        var accessKeyId: String
        var secretAccessKey: String
        var sessionToken: String
        var expiration: String
    }

    /// The entry's JSON.
    static func encode(_ credentials: AWSCredentials, key: CredentialCacheKey) -> [UInt8] {
        let entry = Entry(
            version: 1, key: key.hex, accessKeyId: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey,
            sessionToken: credentials.sessionToken, expiration: ISO8601Timestamp.string(from: credentials.expiration))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array((try? encoder.encode(entry)) ?? Data())
    }

    /// The credentials of a trustworthy entry for `key`, else nil (missing, a link, not ours,
    /// readable by others, malformed, or for another key).
    static func read(_ path: String, key: CredentialCacheKey) -> AWSCredentials? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == getuid(),
            info.st_mode & 0o077 == 0, info.st_size > 0, info.st_size < 65_536
        else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        guard bytes.withUnsafeMutableBytes({ Glibc.read(descriptor, $0.baseAddress, $0.count) }) == bytes.count else { return nil }
        return decode(bytes, key: key)
    }

    /// The credentials of an entry's bytes when they are a well-formed entry for `key`, else nil.
    package static func decode(_ bytes: [UInt8], key: CredentialCacheKey) -> AWSCredentials? {
        guard let entry = try? JSONDecoder().decode(Entry.self, from: Data(bytes)), entry.version == 1, entry.key == key.hex,
            entry.accessKeyId.hasPrefix("AS") || entry.accessKeyId.hasPrefix("AK"), !entry.secretAccessKey.isEmpty,
            !entry.sessionToken.isEmpty, let expiration = ISO8601Timestamp.date(from: entry.expiration)
        else { return nil }
        return AWSCredentials(
            accessKeyID: entry.accessKeyId, secretAccessKey: entry.secretAccessKey, sessionToken: entry.sessionToken,
            expiration: expiration)
    }
}
