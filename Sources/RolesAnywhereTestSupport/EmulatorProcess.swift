import Foundation

/// A `roles-anywhere-emulator` child process for end-to-end tests, stopped by ``stop()``.
public final class EmulatorProcess: @unchecked Sendable {
    /// The ready line's fields.
    public struct Ready: Decodable, Sendable {
        public var endpoint: String
        public var caBundle: String
        public var trustAnchorArn: String
        public var profileArn: String
        public var roleArn: String
        /// With `--private-ca`: the emulated AWS Private CA.
        public var privateCaArn: String?
    }

    public let ready: Ready
    public let auditLogPath: String
    private let process: Process

    /// Starts the emulator with extra arguments and waits for its ready line.
    public init(arguments: [String], folder: String) throws {
        auditLogPath = (folder as NSString).appendingPathComponent("audit-\(UUID().uuidString.prefix(6)).log")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.emulator)
        process.arguments = ["--port", "0", "--audit-log", auditLogPath, "--state-dir", folder] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        self.process = process
        var line = Data()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let ready = try? JSONDecoder().decode(Ready.self, from: line) else {
            process.terminate()
            let errors = String(decoding: err.fileHandleForReading.availableData, as: UTF8.self)
            throw TestSupportError("the emulator did not start: \(errors)")
        }
        self.ready = ready
        RunningEmulators.shared.add(process)
    }

    /// The audit log's lines, parsed.
    public func auditRecords() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: auditLogPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    /// Stops the emulator (SIGTERM) and waits for it.
    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}

/// Every emulator child of this test process, stopped when the process exits: fixtures held
/// in static properties are never deinitialized, and their emulators must not outlive the run.
final class RunningEmulators: @unchecked Sendable {
    static let shared = RunningEmulators()
    private let lock = NSLock()
    private var processes: [Process] = []

    private init() {
        atexit { RunningEmulators.shared.stopAll() }
    }

    func add(_ process: Process) { lock.withLock { processes.append(process) } }

    func stopAll() {
        let running = lock.withLock { processes }
        for process in running where process.isRunning { kill(process.processIdentifier, SIGTERM) }
    }
}

/// A failure of test scaffolding, with a readable message.
public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
