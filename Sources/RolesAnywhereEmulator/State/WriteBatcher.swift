import GRDB
import Synchronization

/// Group commit for CreateSession's records: writes that arrive while a transaction runs wait and
/// go together in the next one, and each caller resumes only once its rows are committed.
///
/// One transaction per request costs the writer more than the rows themselves (a commit, a WAL
/// frame, a hop to GRDB's writer queue); under load this turns thousands of transactions into a
/// few hundred. A batch that fails is retried one write at a time, so one bad write fails alone.
final class WriteBatcher: Sendable {
    typealias Work = @Sendable (Database) throws -> Void

    private struct Pending {
        let work: Work
        let continuation: CheckedContinuation<Void, any Error>
    }

    private let database: StateDatabase
    private let queue = Mutex<(pending: [Pending], draining: Bool)>(([], false))

    init(database: StateDatabase) {
        self.database = database
    }

    /// Runs `work` in a transaction, with whatever else is waiting; returns once it committed.
    func write(_ work: @escaping Work) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let starts = queue.withLock { queue in
                queue.pending.append(Pending(work: work, continuation: continuation))
                guard !queue.draining else { return false }
                queue.draining = true
                return true
            }
            if starts { Task { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            let batch = queue.withLock { queue in
                let batch = queue.pending
                queue.pending = []
                if batch.isEmpty { queue.draining = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            let works = batch.map(\.work)
            do {
                try await database.pool.write { db in
                    for work in works { try work(db) }
                }
                for pending in batch { pending.continuation.resume() }
            } catch {
                for pending in batch {
                    do {
                        try await database.pool.write { db in try pending.work(db) }
                        pending.continuation.resume()
                    } catch {
                        pending.continuation.resume(throwing: error)
                    }
                }
            }
        }
    }
}
