import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Appends one JSON line per request to a file (mode 0600): the emulator's CloudTrail.
public final class AuditLog: Sendable {
    private let descriptor: Mutex<Int32>

    /// Opens (or creates) the log for appending.
    public init(path: String) throws {
        // Never through a link; an existing log is made private (it names every client).
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            let reason = errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno))
            throw EmulatorError("cannot open the audit log '\(path)': \(reason)")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, fchmod(fd, 0o600) == 0 else {
            close(fd)
            throw EmulatorError("cannot use the audit log '\(path)': it is not a regular file of this user")
        }
        self.descriptor = Mutex(fd)
    }

    deinit {
        descriptor.withLock { _ = close($0) }
    }

    /// Writes one record as a line; a single write(2) per line keeps lines whole.
    public func append(_ record: AuditRecord) {
        let line = Array((record.jsonLine + "\n").utf8)
        descriptor.withLock { fd in
            _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        }
    }
}
