#if canImport(Glibc)
import Glibc
#endif

/// An advisory lock (flock) on a lock file beside the file it guards, held until released.
/// Used so that two updaters cannot interleave, and so that parallel cold
/// `credential-process` runs share one CreateSession.
public final class FileLock {
    private var descriptor: Int32

    /// Blocks until the exclusive lock on `path` is held (the file is created 0600 if needed).
    public init(path: String) throws(RolesAnywhereError) {
        try AtomicFileWriter.makeFolder(AtomicFileWriter.folder(of: path))
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw RolesAnywhereError(.unwritableFile, "cannot open the lock file '\(path)': \(String(cString: strerror(errno)))")
        }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(descriptor)
                throw RolesAnywhereError(.unwritableFile, "cannot lock '\(path)': \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Releases the lock.
    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
