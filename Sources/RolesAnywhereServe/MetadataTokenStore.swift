#if canImport(FoundationEssentials)
import FoundationEssentials
#else
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#endif
import Synchronization

/// IMDSv2 session tokens: random, with a TTL of 1 to 21600 seconds, at most ``capacity``
/// alive at once (the oldest is dropped first; its holder gets a 401 and asks again).
public final class MetadataTokenStore: Sendable {
    /// The most live tokens.
    public let capacity: Int
    /// Live tokens with their expiry, and the tokens in the order they were issued (expiry
    /// order is not issue order: TTLs differ, and tokens issued together expire together).
    private let tokens = Mutex<(expiries: [String: Date], issued: [String])>(([:], []))

    public init(capacity: Int = 256) {
        self.capacity = capacity
    }

    /// Makes a token valid for `ttl` seconds from `now`.
    public func issue(ttl: Int, now: Date) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = String(Data(bytes).base64EncodedString().map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
        let expiry = now.addingTimeInterval(TimeInterval(ttl))
        tokens.withLock { tokens in
            let live = tokens.expiries.filter { $0.value > now }
            tokens.expiries = live
            tokens.issued.removeAll { live[$0] == nil }
            while tokens.issued.count >= capacity {
                tokens.expiries.removeValue(forKey: tokens.issued.removeFirst())
            }
            tokens.expiries[token] = expiry
            tokens.issued.append(token)
        }
        return token
    }

    /// Whether a token is known and not expired at `now`.
    public func isValid(_ token: String, now: Date) -> Bool {
        tokens.withLock { tokens in
            guard let expiry = tokens.expiries[token] else { return false }
            if expiry <= now {
                tokens.expiries.removeValue(forKey: token)
                tokens.issued.removeAll { $0 == token }
                return false
            }
            return true
        }
    }

    /// The number of live tokens at `now`.
    public func liveCount(now: Date) -> Int {
        tokens.withLock { $0.expiries.values.filter { $0 > now }.count }
    }
}
