import Foundation

/// Runs an askpass-style command (`--pin-command CMD`) and takes its standard output, minus
/// the trailing newline, as the PIN.
///
/// The command runs with `/bin/sh -c`, inherits standard input and standard error (so it can
/// talk to the user), and must exit with status 0.
enum PINCommand {
    /// The PIN bytes the command printed; the caller wipes them.
    static func run(_ command: String) throws(RolesAnywhereError) -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            throw RolesAnywhereError(.pinFailure, "cannot run the --pin-command command with /bin/sh: \(error.localizedDescription)")
        }
        var data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var bytes = [UInt8](data)
        data.resetBytes(in: 0..<data.count)
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            bytes.wipe()
            throw RolesAnywhereError(
                .pinFailure, "the --pin-command command failed (exit status \(process.terminationStatus)), so no PIN was read")
        }
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return bytes
    }
}
