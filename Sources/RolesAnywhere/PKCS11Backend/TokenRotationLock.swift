#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Synchronization

/// The lock `rotate` holds while it replaces a token key and certificate: a file in the user's
/// cache folder named after the certificate's URI. A fetch with that URI waits while the lock is
/// held, so it never meets the token halfway through a switch (or a token store that a
/// rotation is writing to).
package enum TokenRotationLock {
    /// The lock file for a certificate URI.
    package static func path(for certificateURI: String, environment: [String: String]) -> String {
        let folder = CredentialCache.defaultDirectory(environment: environment)
        return "\(folder)/rotate-\(Hex.encode(SHA256.hash(data: Array(certificateURI.utf8)).prefix(8))).lock"
    }

    /// The lock files this process holds (a rotation's own fetches must not wait for it).
    private static let heldHere = Mutex<Set<String>>([])

    /// Takes the lock for a rotation of `certificateURI`.
    package static func acquire(_ certificateURI: String, timeout: Duration) throws(FileLock.Failure) -> FileLock {
        let lockPath = path(for: certificateURI, environment: ProcessInfo.processInfo.environment)
        let lock = try FileLock(path: lockPath, timeout: timeout)
        heldHere.withLock { _ = $0.insert(lockPath) }
        return lock
    }

    /// Releases a rotation's lock.
    package static func release(_ lock: FileLock, for certificateURI: String) {
        let lockPath = path(for: certificateURI, environment: ProcessInfo.processInfo.environment)
        heldHere.withLock { _ = $0.remove(lockPath) }
        lock.release()
    }

    /// Waits (at most `timeout`) while another process's rotation of `certificateURI` holds its
    /// lock; returns at once when there is no lock file.
    package static func waitWhileHeld(_ certificateURI: String, timeout: Duration = .seconds(60)) {
        let lockPath = path(for: certificateURI, environment: ProcessInfo.processInfo.environment)
        guard access(lockPath, F_OK) == 0, !heldHere.withLock({ $0.contains(lockPath) }),
            let lock = try? FileLock(path: lockPath, timeout: timeout)
        else { return }
        lock.release()
    }
}
