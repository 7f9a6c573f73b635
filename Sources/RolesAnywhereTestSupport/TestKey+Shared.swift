import Synchronization

extension TestKey {
    /// Returns the process-wide key for `type` and `index`, generating it on first use.
    ///
    /// Every caller asking for the same type and index gets the same key for the life of
    /// the test process, so a test run generates each slow RSA key only a few times.
    /// Use different indexes when a test needs distinct keys of one type (a leaf and a
    /// foreign key that must not match it, say). Concurrent first requests for one slot
    /// wait for a single generation; different slots generate in parallel.
    ///
    /// - Throws: When key generation fails (the slot stays empty and a later call retries).
    public static func shared(_ type: TestKeyType, index: Int = 0) throws -> TestKey {
        try SharedKeyStore.instance.key(type, index: index)
    }

    /// A key for a certificate authority: the shared key at `index` when one is given;
    /// otherwise a fresh key for elliptic curves (cheap) and the shared key at
    /// `defaultRSAIndex` for RSA (slow to make).
    static func forAuthority(_ type: TestKeyType, index: Int?, defaultRSAIndex: Int) throws -> TestKey {
        if let index {
            return try .shared(type, index: index)
        }
        return type.isRSA ? try .shared(type, index: defaultRSAIndex) : try TestKey(generating: type)
    }
}

/// The process-wide cache behind ``TestKey/shared(_:index:)``.
final class SharedKeyStore: Sendable {
    static let instance = SharedKeyStore()

    private struct SlotID: Hashable {
        var type: TestKeyType
        var index: Int
    }

    /// One cache entry; its own lock makes concurrent first users wait for one generation.
    private final class Slot: Sendable {
        let key = Mutex<TestKey?>(nil)
    }

    private let slots = Mutex<[SlotID: Slot]>([:])

    func key(_ type: TestKeyType, index: Int) throws -> TestKey {
        let slot = self.slots.withLock { slots in
            let id = SlotID(type: type, index: index)
            if let existing = slots[id] {
                return existing
            }
            let created = Slot()
            slots[id] = created
            return created
        }
        return try slot.key.withLock { cached in
            if let cached {
                return cached
            }
            let generated = try TestKey(generating: type)
            cached = generated
            return generated
        }
    }
}
