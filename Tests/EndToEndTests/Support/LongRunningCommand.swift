import Foundation
import RolesAnywhereTestSupport
import Synchronization

/// A `roles-anywhere` command that runs until a test stops it with a signal (`serve`,
/// `update`): its output is collected as it comes, and ``deinit`` kills what is left.
final class LongRunningCommand: @unchecked Sendable {
    /// How the command ended.
    struct Ending {
        /// The exit status, or the signal number when `signaled`.
        var status: Int32
        var signaled: Bool
        var stderr: String
    }

    private let process = Process()
    private let output = OutputBuffer()
    private let errors = OutputBuffer()

    /// Starts `roles-anywhere arguments` with extra environment.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: BuiltProducts.rolesAnywhere)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        output.collect(out.fileHandleForReading)
        errors.collect(err.fileHandleForReading)
    }

    var processIdentifier: Int32 { process.processIdentifier }

    /// What the command wrote on standard error so far.
    var stderr: String { errors.text }

    /// The first `count` lines of standard output, waiting at most `timeout` seconds.
    /// - Throws: when the command ends or times out first (with its standard error).
    func lines(_ count: Int, timeout: TimeInterval = 30) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let lines = output.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            if lines.count >= count { return Array(lines.prefix(count)) }
            if !process.isRunning, output.isFinished { break }
            usleep(10_000)
        }
        throw TestSupportError("no \(count) lines on stdout (got '\(output.text)'); stderr: \(errors.text)")
    }

    /// Sends `signal` and waits (at most `timeout` seconds, then SIGKILL) for the command to end.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 15) -> Ending {
        if process.isRunning { kill(process.processIdentifier, signal) }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(5_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        errors.waitUntilFinished(timeout: 5)
        return Ending(
            status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal, stderr: errors.text)
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The `NAME=value` pairs of `export NAME=value [NAME=value...]` lines.
    static func exports(_ lines: [String]) -> [String: String] {
        var values: [String: String] = [:]
        for line in lines where line.hasPrefix("export ") {
            for pair in line.dropFirst("export ".count).split(separator: " ") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                values[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
        }
        return values
    }
}

/// Bytes read from a pipe on a background thread until end of file.
final class OutputBuffer: Sendable {
    private let state = Mutex<(data: Data, finished: Bool)>((Data(), false))

    /// The bytes so far, as UTF-8 text.
    var text: String { state.withLock { String(decoding: $0.data, as: UTF8.self) } }

    /// Whether the pipe reached end of file.
    var isFinished: Bool { state.withLock { $0.finished } }

    /// Starts reading `handle` on its own thread.
    func collect(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                state.withLock { $0.data.append(chunk) }
            }
            state.withLock { $0.finished = true }
        }
    }

    /// Waits at most `timeout` seconds for end of file.
    func waitUntilFinished(timeout: TimeInterval) {
        let deadline = Date().addingTimeInterval(timeout)
        while !isFinished, Date() < deadline { usleep(5_000) }
    }
}
