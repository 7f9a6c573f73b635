/// Thrown when a bounded wait runs out.
public struct TimedOut: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}

/// Runs `body`, failing with ``TimedOut`` when it takes longer than `seconds` (the body is cancelled).
public func withTimeout<T: Sendable>(
    _ seconds: Double, _ what: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimedOut(description: "\(what) took longer than \(seconds) s")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
