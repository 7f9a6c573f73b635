#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads small input files (certificates, keys, PIN files) with errors that say which file
/// and why: missing, not permitted, a folder, or too large.
package enum FileReader {
    /// The largest input file read (certificate bundles and keys are a few KiB).
    package static let maximumSize = 1 << 20

    /// Reads a whole file.
    /// - Parameters:
    ///   - path: the file's path.
    ///   - role: what the file is for, e.g. "certificate file (\\(setting: .certificate))".
    package static func read(_ path: String, role: RolesAnywhereError.Wording) throws(RolesAnywhereError) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO must not wait for a writer (regular files ignore the flag).
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw RolesAnywhereError(.unreadableFile, "cannot read the \(role) \'\(path)\': \(Self.reason(errno))", subject: path, cause: Self.reason(errno))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw RolesAnywhereError(.unreadableFile, "cannot read the \(role) \'\(path)\': \(Self.reason(errno))", subject: path, cause: Self.reason(errno))
        }
        guard (info.st_mode & S_IFMT) != S_IFDIR else {
            throw RolesAnywhereError(.unreadableFile, "the \(role) '\(path)' is a folder, not a file", subject: path)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw RolesAnywhereError(
                .unreadableFile, "the \(role) '\(path)' is not a regular file (a pipe, socket or device): pass a file")
        }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw RolesAnywhereError(.unreadableFile, "cannot read the \(role) \'\(path)\': \(Self.reason(errno))", subject: path, cause: Self.reason(errno))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= maximumSize else {
                throw RolesAnywhereError(.unreadableFile, "the \(role) '\(path)' is larger than 1 MiB: is it the right file?")
            }
        }
        guard !bytes.isEmpty else {
            throw RolesAnywhereError(.unreadableFile, "the \(role) '\(path)' is empty")
        }
        return bytes
    }

    package static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: "no such file"
        case EACCES, EPERM: "permission denied"
        case ENOTDIR: "a part of the path is not a folder"
        case EISDIR: "it is a folder"
        default: String(cString: strerror(code))
        }
    }
}
