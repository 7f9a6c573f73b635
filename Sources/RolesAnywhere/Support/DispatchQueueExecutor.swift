import Dispatch

/// A serial executor on a dispatch queue of its own, for actors whose work blocks (Cryptoki
/// calls, PIN prompts): their jobs never occupy a thread of Swift's cooperative pool.
/// (Linux's Dispatch has no `DispatchSerialQueue` executor; this is the few lines it would be.)
final class DispatchQueueExecutor: SerialExecutor {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}
