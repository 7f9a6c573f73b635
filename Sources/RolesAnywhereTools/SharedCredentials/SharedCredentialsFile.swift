import RolesAnywhere
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#endif

/// The shared credentials file AWS tools read: `$AWS_SHARED_CREDENTIALS_FILE`, else
/// `~/.aws/credentials`. Updates are locked, atomic and mode 0600.
public struct SharedCredentialsFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The default location from an environment.
    public static func defaultPath(environment: [String: String]) -> String {
        if let path = environment["AWS_SHARED_CREDENTIALS_FILE"], !path.isEmpty { return path }
        let home = HomeDirectory.path(environment: environment)
        return "\(home)/.aws/credentials"
    }

    /// Whether `name` is a profile name botocore reads back: letters, digits and `_ . - + = , @ / :`.
    /// A `[`, `]`, line break or control character would make it reject the whole file.
    public static func isUsableProfileName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 128
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_.-+=,@/:".unicodeScalars.contains(scalar))
            }
    }

    /// The file written: `path`, or the target of a link at `path` when the target is a private
    /// regular file of this user (no access for group or others; the link stays as it is).
    /// Anything else is refused: a link must never turn a system file (`/etc/passwd`, even for
    /// root) into a credentials file.
    public func target() throws(RolesAnywhereError) -> String {
        var info = stat()
        guard lstat(path, &info) == 0 else { return path }  // not there yet: created
        if (info.st_mode & S_IFMT) == S_IFLNK {
            guard let resolved = realpath(path, nil) else {
                throw RolesAnywhereError(
                    .unwritableFile, "the credentials file '\(path)' is a link to nothing: remove it or point it at a file of yours")
            }
            let target = String(cString: resolved)
            free(resolved)
            guard stat(target, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == getuid() else {
                throw RolesAnywhereError(
                    .unwritableFile,
                    "the credentials file '\(path)' is a link to '\(target)', which is not a regular file of yours: refusing to write through it")
            }
            guard info.st_mode & 0o077 == 0 else {
                throw RolesAnywhereError(
                    .unwritableFile,
                    "the credentials file '\(path)' is a link to '\(target)', which others can read: refusing to write credentials through it (chmod 600 it if it is yours)")
            }
            return target
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw RolesAnywhereError(.unwritableFile, "the credentials file '\(path)' is not a regular file")
        }
        return path
    }

    /// Writes the credentials into `[profile]`, keeping everything else byte-for-byte.
    public func update(_ credentials: AWSCredentials, profile: String) throws(RolesAnywhereError) {
        guard Self.isUsableProfileName(profile) else {
            throw RolesAnywhereError(
                .invalidArgument,
                "the profile name '\(ControlCharacters.escaped(profile))' is not usable: use letters, digits and _ . - + = , @ / :")
        }
        let path = try target()
        try AtomicFileWriter.makeFolder(AtomicFileWriter.folder(of: path))
        let lock: FileLock
        do {
            lock = try FileLock(path: path + ".lock", timeout: .seconds(30))
        } catch {
            switch error {
            case .unusable(let lockPath, let cause):
                throw RolesAnywhereError(.unwritableFile, "cannot use the lock file '\(lockPath)': \(cause)")
            case .timedOut(let lockPath):
                throw RolesAnywhereError(.unwritableFile, "another process has held the lock file '\(lockPath)' for 30 s: is another update running?")
            }
        }
        defer { lock.release() }
        AtomicFileWriter.removeStaleTemporaryFiles(for: path)
        var document = SharedCredentialsDocument(text: try Self.currentText(path))
        document.setCredentials(credentials, profile: profile)
        try AtomicFileWriter.write(Array(document.text.utf8), to: path)
    }

    private static func currentText(_ path: String) throws(RolesAnywhereError) -> String {
        guard FileManager.default.fileExists(atPath: path) else { return "" }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RolesAnywhereError(.unreadableFile, "cannot read the credentials file '\(path)'")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RolesAnywhereError(.unreadableFile, "the credentials file '\(path)' is not UTF-8 text: fix or move it")
        }
        return text
    }
}
