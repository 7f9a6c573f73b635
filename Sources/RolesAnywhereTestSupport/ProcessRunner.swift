import Foundation

/// Runs a program to completion for tests, capturing its output, with a time limit.
public struct ProcessRunner: Sendable {
    /// What a finished program left behind.
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var stdoutBytes: [UInt8]

        /// An outcome from its parts (e.g. of a program run by another harness).
        public init(status: Int32, stdout: String, stderr: String, stdoutBytes: [UInt8]? = nil) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
            self.stdoutBytes = stdoutBytes ?? Array(stdout.utf8)
        }
    }

    public var executable: String
    public var arguments: [String]
    public var environment: [String: String]
    public var stdin: [UInt8]?
    public var timeout: TimeInterval

    /// - Parameter environment: added to (and overriding) this process's environment.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], stdin: [UInt8]? = nil,
        timeout: TimeInterval = 60
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.stdin = stdin
        self.timeout = timeout
    }

    /// Runs the program; a program still running at the time limit is killed (status -9).
    public func run() throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        let outData = DataCollector(out.fileHandleForReading)
        let errData = DataCollector(err.fileHandleForReading)
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin))
            try? input.fileHandleForWriting.close()
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        var status: Int32
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            status = -9
        } else {
            process.waitUntilExit()
            status = process.terminationStatus
        }
        let stdoutBytes = outData.finish()
        return Outcome(
            status: status, stdout: String(decoding: stdoutBytes, as: UTF8.self),
            stderr: String(decoding: errData.finish(), as: UTF8.self), stdoutBytes: Array(stdoutBytes))
    }
}

/// Reads a pipe on a background thread so a chatty child never blocks on a full pipe.
final class DataCollector: @unchecked Sendable {
    private let handle: FileHandle
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        self.handle = handle
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func finish() -> Data {
        done.wait()
        return data
    }
}
