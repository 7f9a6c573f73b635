#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#endif

/// Writes files that hold secrets: mode 0600, written to a temporary file in the same
/// folder, flushed to disk, then renamed over the target, so a reader (or a crash, or a
/// SIGKILL) sees the old file or the new one, never half of one.
public enum AtomicFileWriter {
    /// Replaces `path` with `contents` atomically, creating the folder (mode 0700) when missing.
    public static func write(_ contents: [UInt8], to path: String) throws(RolesAnywhereError) {
        let folder = Self.folder(of: path)
        try makeFolder(folder)
        var template = Array("\(folder)/.\(Self.fileName(of: path)).tmp-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw failure(path, "cannot create a temporary file in \(folder)") }
        let temporary = String(cString: template)
        var keep = false
        defer {
            if !keep { unlink(temporary) }
        }
        guard fchmod(descriptor, 0o600) == 0 else {
            close(descriptor)
            throw failure(path, "cannot set mode 0600")
        }
        var written = 0
        while written < contents.count {
            let result = contents[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                close(descriptor)
                throw failure(path, String(cString: strerror(errno)))
            }
            written += result
        }
        let flushed = fsync(descriptor) == 0
        guard close(descriptor) == 0, flushed else { throw failure(path, "cannot flush to disk") }
        guard rename(temporary, path) == 0 else { throw failure(path, String(cString: strerror(errno))) }
        keep = true
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Creates a folder with mode 0700 (searchable by its owner) when it does not exist.
    public static func makeFolder(_ folder: String) throws(RolesAnywhereError) {
        var info = stat()
        if stat(folder, &info) == 0 { return }
        let parent = Self.folder(of: folder)
        if parent != folder { try makeFolder(parent) }
        guard mkdir(folder, 0o700) == 0 || errno == EEXIST else {
            throw RolesAnywhereError(.unwritableFile, "cannot create the folder '\(folder)': \(String(cString: strerror(errno)))")
        }
    }

    /// Removes temporary files an interrupted ``write(_:to:)`` of `path` left behind (a
    /// SIGKILL between creating and renaming one). Call it only while holding the lock that
    /// serializes writers of `path`, so no live write's temporary file is removed.
    public static func removeStaleTemporaryFiles(for path: String) {
        let folder = Self.folder(of: path)
        let prefix = ".\(Self.fileName(of: path)).tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) && name.count == prefix.count + 6 {
            var info = stat()
            let candidate = "\(folder)/\(name)"
            guard lstat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == getuid() else { continue }
            unlink(candidate)
        }
    }

    package static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func fileName(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }

    private static func failure(_ path: String, _ why: String) -> RolesAnywhereError {
        RolesAnywhereError(.unwritableFile, "cannot write '\(path)': \(why)")
    }
}
