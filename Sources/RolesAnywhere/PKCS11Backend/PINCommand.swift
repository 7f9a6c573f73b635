#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs an askpass-style command (`--pin-command CMD`) and takes its standard output, minus
/// the trailing newline, as the PIN.
///
/// The command runs with `/bin/sh -c`, inherits standard input and standard error (so it can
/// talk to the user), and must exit with status 0. Its output is read straight into a buffer
/// that is wiped by the caller: no `Data` or `Pipe` copies are left behind.
enum PINCommand {
    /// The largest PIN output read.
    static let maximumOutput = 4096

    /// The PIN bytes the command printed; the caller wipes them.
    static func run(_ command: String) throws(RolesAnywhereError) -> [UInt8] {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            throw RolesAnywhereError(.pinFailure, "cannot run the \(setting: .pinCommand) command: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        var child: pid_t = 0
        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&child, "/bin/sh", &actions, nil, &argv, environ)
        close(pipeEnds[1])
        guard spawned == 0 else {
            close(pipeEnds[0])
            throw RolesAnywhereError(.pinFailure, "cannot run the \(setting: .pinCommand) command with /bin/sh: \(String(cString: strerror(spawned)))")
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(maximumOutput)  // no regrowth: no freed copy of the PIN is left unwiped
        var chunk = [UInt8](repeating: 0, count: 256)
        while bytes.count < maximumOutput {
            let count = chunk.withUnsafeMutableBytes { read(pipeEnds[0], $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<min(count, maximumOutput - bytes.count)])
        }
        chunk.wipe()
        close(pipeEnds[0])
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        let exited = status & 0x7f == 0
        let exitStatus = (status >> 8) & 0xff
        guard exited, exitStatus == 0 else {
            bytes.wipe()
            throw RolesAnywhereError(
                .pinFailure,
                exited
                    ? "the \(setting: .pinCommand) command failed (exit status \(exitStatus)), so no PIN was read"
                    : "the \(setting: .pinCommand) command was killed by signal \(status & 0x7f), so no PIN was read")
        }
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return bytes
    }
}
