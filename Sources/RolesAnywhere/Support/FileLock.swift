#if canImport(Glibc)
import Glibc
#endif

/// An advisory lock (flock) on a lock file beside the file it guards, held until released.
/// Used so that two updaters cannot interleave, and so that parallel cold
/// `credential-process` runs share one CreateSession.
///
/// The lock file is opened without following a link, must be a regular file owned by this
/// user, and a wait for it can be bounded: a lock planted or held by someone else cannot make
/// its waiter create files elsewhere or wait forever.
public final class FileLock {
    private var descriptor: Int32

    /// Why a lock could not be taken.
    public enum Failure: Error, Sendable, Hashable {
        /// The lock file cannot be opened or is not ours (the cause says why).
        case unusable(path: String, cause: String)
        /// Another process held the lock for the whole wait.
        case timedOut(path: String)
    }

    /// Takes the exclusive lock on `path` (the file is created 0600 if needed).
    /// - Parameter timeout: the longest wait; nil waits as long as it takes.
    public init(path: String, timeout: Duration? = nil) throws(Failure) {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw .unusable(path: path, cause: errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno)))
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == getuid() else {
            close(descriptor)
            throw .unusable(path: path, cause: "it is not a regular file of this user")
        }
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now + $0 }
        while flock(descriptor, deadline == nil ? LOCK_EX : LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            guard errno == EWOULDBLOCK, let deadline else {
                let cause = String(cString: strerror(errno))
                close(descriptor)
                throw .unusable(path: path, cause: cause)
            }
            guard clock.now < deadline else {
                close(descriptor)
                throw .timedOut(path: path)
            }
            usleep(10_000)
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
