import Dispatch

/// Runs blocking work (a socket exchange, a Cryptoki call, a terminal read, a child process)
/// on a Dispatch thread instead of Swift's cooperative pool, whose few threads must never block.
public enum BlockingWork {
    private static let queue = DispatchQueue(label: "roles-anywhere.blocking", attributes: .concurrent)

    /// Runs `work` off the cooperative pool and returns its result.
    public static func run<Value: Sendable, Failure: Error>(
        _ work: @escaping @Sendable () throws(Failure) -> Value
    ) async throws(Failure) -> Value {
        let result: Result<Value, Failure> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: Result { () throws(Failure) -> Value in try work() })
            }
        }
        return try result.get()
    }
}
