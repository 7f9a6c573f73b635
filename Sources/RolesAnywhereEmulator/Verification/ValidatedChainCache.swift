import Crypto
import Foundation
import RolesAnywhere
import Synchronization
import SwiftASN1
import X509

/// Chains that passed RFC 5280 path validation recently, so a client that sends the same
/// certificate again (every CreateSession of a workload does) is not put through path building
/// and the CA's signature check each time. Trust anchors and their CRLs do not change while the
/// emulator runs, an entry lives at most ``lifetime``, and the cheap per-certificate checks
/// (version, key usage, validity window, chain length) still run on every request.
final class ValidatedChainCache: Sendable {
    /// How long a validation is reused.
    static let lifetime: TimeInterval = 60
    /// The most chains remembered; the cache starts over when full.
    static let capacity = 1024

    private let entries = Mutex<[String: Date]>([:])

    /// The key of a chain under an anchor: SHA-256 over the anchor id and every DER.
    static func key(anchorID: String, leaf: Certificate, intermediates: [Certificate]) -> String? {
        var hash = SHA256()
        hash.update(data: Array(anchorID.utf8))
        for certificate in [leaf] + intermediates {
            var serializer = DER.Serializer()
            guard (try? serializer.serialize(certificate)) != nil else { return nil }
            hash.update(data: serializer.serializedBytes)
        }
        return Hex.encode(hash.finalize())
    }

    /// Whether the chain was validated less than ``lifetime`` before `now`.
    func contains(_ key: String, now: Date) -> Bool {
        entries.withLock { entries in
            guard let validatedAt = entries[key] else { return false }
            return now >= validatedAt && now.timeIntervalSince(validatedAt) < Self.lifetime
        }
    }

    /// Remembers a chain validated at `now`.
    func insert(_ key: String, now: Date) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = now
        }
    }
}
