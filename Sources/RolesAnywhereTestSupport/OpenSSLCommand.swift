import Foundation

/// Runs the `openssl` command-line tool (found on `PATH`) as a child process.
///
/// stdout and stderr go to files in a scratch folder rather than pipes, so a chatty
/// command can never block on a full pipe.
struct OpenSSLCommand {
    /// What a finished run left behind.
    struct Output {
        var arguments: [String]
        var exitStatus: Int32
        var standardOutput: [UInt8]
        var standardError: String

        var standardOutputText: String { String(decoding: self.standardOutput, as: UTF8.self) }

        /// Returns `self` when openssl exited 0, otherwise throws its stderr.
        @discardableResult
        func requireSuccess() throws -> Output {
            guard self.exitStatus == 0 else {
                throw TestPKIError(
                    .openSSLFailed,
                    "openssl \(self.arguments.joined(separator: " ")) exited with status \(self.exitStatus): "
                        + self.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
                )
            }
            return self
        }
    }

    /// Runs `openssl arguments...` to completion.
    ///
    /// - Parameters:
    ///   - arguments: The arguments after `openssl`.
    ///   - environment: Variables added to this process's environment for the child
    ///     (the way to hand it passwords).
    ///   - standardInput: Bytes fed to the child's stdin (through a file), if any.
    ///   - workingDirectory: Where the child runs and its output files are kept.
    /// - Throws: ``TestPKIError/Code/openSSLFailed`` when the process cannot be started.
    static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        standardInput: [UInt8]? = nil,
        workingDirectory: TestFiles
    ) throws -> Output {
        let name = "openssl-\(UUID().uuidString)"
        let outPath = try workingDirectory.write([], name: "\(name).stdout")
        let errPath = try workingDirectory.write([], name: "\(name).stderr")
        let inPath = try standardInput.map { try workingDirectory.write($0, name: "\(name).stdin") }
        defer {
            for path in [outPath, errPath, inPath].compactMap({ $0 }) {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory.directory, isDirectory: true)
        do {
            let stdout = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
            let stderr = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
            let stdin = try inPath.map { try FileHandle(forReadingFrom: URL(fileURLWithPath: $0)) }
            defer {
                try? stdout.close()
                try? stderr.close()
                try? stdin?.close()
            }
            process.standardOutput = stdout
            process.standardError = stderr
            process.standardInput = stdin ?? FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        } catch {
            throw TestPKIError(.openSSLFailed, "cannot run openssl \(arguments.first ?? ""): \(error)")
        }
        return Output(
            arguments: arguments,
            exitStatus: process.terminationStatus,
            standardOutput: try workingDirectory.read("\(name).stdout"),
            standardError: String(decoding: try workingDirectory.read("\(name).stderr"), as: UTF8.self)
        )
    }
}
