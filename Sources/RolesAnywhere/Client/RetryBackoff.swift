/// Exponential backoff with full jitter: attempt n waits a random time in
/// `[base * 2^(n-1) / 2, base * 2^(n-1)]` milliseconds, capped at 5 seconds.
enum RetryBackoff {
    static let capMilliseconds = 5_000

    static func delay(attempt: Int, baseMilliseconds: Int) -> Int {
        let ceiling = min(capMilliseconds, baseMilliseconds << min(max(attempt - 1, 0), 10))
        guard ceiling > 1 else { return max(ceiling, 0) }
        return Int.random(in: (ceiling / 2)...ceiling)
    }
}
