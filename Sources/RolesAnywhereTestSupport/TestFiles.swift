import Foundation

/// A fresh temporary folder that tests write certificates, keys and CRLs into.
///
/// Each value owns one folder under `NSTemporaryDirectory()` with a unique name and mode
/// 0700; files written into it get mode 0600. Call ``removeAll()`` when done (in a
/// `defer`); leftovers are only test material.
public struct TestFiles: Sendable {
    /// The absolute path of the folder.
    public let directory: String

    /// Creates a new empty folder.
    ///
    /// - Throws: ``TestPKIError/Code/fileSystem`` when the folder cannot be created.
    public init() throws {
        self.directory = try Self.makeTemporaryDirectory()
    }

    /// Creates a new empty folder under `NSTemporaryDirectory()` with a unique name and
    /// returns its absolute path.
    ///
    /// - Throws: ``TestPKIError/Code/fileSystem`` when the folder cannot be created.
    public static func makeTemporaryDirectory() throws -> String {
        let url = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
            .appendingPathComponent("roles-anywhere-test-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(
                at: url,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw TestPKIError(.fileSystem, "cannot create temporary folder \(url.path): \(error)")
        }
        return url.path
    }

    /// The absolute path `name` has in the folder (whether or not it exists).
    public func path(_ name: String) -> String {
        URL(fileURLWithPath: self.directory, isDirectory: true).appendingPathComponent(name).path
    }

    /// Writes `text` as UTF-8 to the file `name` in the folder and returns its path.
    ///
    /// - Throws: ``TestPKIError/Code/fileSystem`` when the file cannot be written.
    @discardableResult
    public func write(_ text: String, name: String) throws -> String {
        try self.write(Array(text.utf8), name: name)
    }

    /// Writes `bytes` to the file `name` in the folder (mode 0600) and returns its path.
    ///
    /// - Throws: ``TestPKIError/Code/fileSystem`` when the file cannot be written.
    @discardableResult
    public func write(_ bytes: [UInt8], name: String) throws -> String {
        let path = self.path(name)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        } catch {
            throw TestPKIError(.fileSystem, "cannot write \(path): \(error)")
        }
        return path
    }

    /// Reads the file `name` from the folder.
    ///
    /// - Throws: ``TestPKIError/Code/fileSystem`` when the file cannot be read.
    public func read(_ name: String) throws -> [UInt8] {
        let path = self.path(name)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TestPKIError(.fileSystem, "cannot read \(path)")
        }
        return Array(data)
    }

    /// Deletes the folder and everything in it; errors are ignored.
    public func removeAll() {
        try? FileManager.default.removeItem(atPath: self.directory)
    }
}
