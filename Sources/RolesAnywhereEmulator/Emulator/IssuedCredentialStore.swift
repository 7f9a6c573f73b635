import Foundation
import Synchronization

/// The credentials the emulator issued, by access key id, so the local STS can check them.
///
/// Bounded: expired entries are dropped when the store is full, and past the bound the
/// oldest entries go first.
public final class IssuedCredentialStore: Sendable {
    /// The most entries kept.
    public let capacity: Int
    private let records = Mutex<[String: STSCredentialRecord]>([:])

    public init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// Keeps a record.
    public func insert(_ record: STSCredentialRecord, now: Date) {
        records.withLock { records in
            if records.count >= capacity {
                records = records.filter { $0.value.expiration > now }
                while records.count >= capacity, let oldest = records.min(by: { $0.value.expiration < $1.value.expiration }) {
                    records.removeValue(forKey: oldest.key)
                }
            }
            records[record.accessKeyID] = record
        }
    }

    /// Forgets a record (credentials whose issue could not be recorded).
    public func remove(_ accessKeyID: String) {
        _ = records.withLock { $0.removeValue(forKey: accessKeyID) }
    }

    /// The record of an access key id, expired or not.
    public func record(for accessKeyID: String) -> STSCredentialRecord? {
        records.withLock { $0[accessKeyID] }
    }

    /// How many records are kept.
    public var count: Int { records.withLock { $0.count } }
}
