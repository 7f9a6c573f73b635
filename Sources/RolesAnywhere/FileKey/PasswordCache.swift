import Synchronization

/// Remembers a prompted key password for the life of a backend, so a long-running command
/// that re-reads its key files asks only once. Non-interactive sources are read each time.
package final class PasswordCache: Sendable {
    private let stored = Mutex<[UInt8]?>(nil)

    package init() {}

    /// A password source that answers from the cache when it holds a prompted password.
    package func source(_ source: KeyPasswordSource) -> CachedPasswordSource {
        CachedPasswordSource(source: source, cache: self)
    }

    /// Drops the remembered password (after it failed).
    func forget() {
        stored.withLock { value in
            value?.wipe()
            value = nil
        }
    }

    fileprivate func load() -> [UInt8]? { stored.withLock { $0 } }
    fileprivate func store(_ password: [UInt8]) { stored.withLock { $0 = password } }
}

/// A ``KeyPasswordSource`` bound to a ``PasswordCache``.
package struct CachedPasswordSource {
    let source: KeyPasswordSource
    let cache: PasswordCache

    /// The password: the remembered one for prompts, else read from the source.
    func password(for path: String) throws(RolesAnywhereError) -> [UInt8] {
        if source == .prompt, let remembered = cache.load() { return remembered }
        return try source.password(for: path)
    }

    /// Keeps a password that worked, when it came from a prompt.
    func remember(_ password: [UInt8]) {
        if source == .prompt { cache.store(password) }
    }
}
