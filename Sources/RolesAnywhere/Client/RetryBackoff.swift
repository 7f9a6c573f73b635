/// Exponential backoff with full jitter: attempt n waits a random time in
/// `[base * 2^(n-1) / 2, base * 2^(n-1)]`, capped: the one backoff of the client (CreateSession
/// retries and the refresher's retries after a failed refresh).
public enum RetryBackoff {
    /// The default cap of one wait.
    public static let defaultCap = Duration.seconds(5)

    /// The wait before retry number `attempt` (1 for the first retry).
    public static func delay(attempt: Int, base: Duration, cap: Duration = defaultCap) -> Duration {
        var ceiling = base
        for _ in 0..<min(max(attempt - 1, 0), 30) {
            ceiling = ceiling * 2
            if ceiling >= cap { break }
        }
        ceiling = min(ceiling, cap)
        guard ceiling > .zero else { return .zero }
        let nanoseconds = Int64(ceiling.components.seconds) * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000
        return .nanoseconds(Int64.random(in: (nanoseconds / 2)...max(nanoseconds, 1)))
    }
}
