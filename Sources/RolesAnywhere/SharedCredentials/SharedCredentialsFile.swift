#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
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

    /// Writes the credentials into `[profile]`, keeping everything else byte-for-byte.
    public func update(_ credentials: AWSCredentials, profile: String) throws(RolesAnywhereError) {
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
        var document = SharedCredentialsDocument(text: try currentText())
        document.setCredentials(credentials, profile: profile)
        try AtomicFileWriter.write(Array(document.text.utf8), to: path)
    }

    private func currentText() throws(RolesAnywhereError) -> String {
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
