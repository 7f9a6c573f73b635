#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks for a secret on the controlling terminal (`/dev/tty`) with echo off.
///
/// The terminal, not standard input/output, is used so that prompting works inside
/// `credential_process`, whose standard output belongs to the AWS tooling.
public enum TerminalPrompt {
    /// Reads one line from `/dev/tty` without echo. The returned bytes exclude the newline;
    /// the caller wipes them after use.
    /// - Parameter missingTerminalHint: the error message when there is no terminal.
    public static func readSecret(prompt: String, missingTerminalHint: String) throws(RolesAnywhereError) -> [UInt8] {
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard tty >= 0 else { throw RolesAnywhereError(.wrongPassword, missingTerminalHint) }
        defer { close(tty) }
        var saved = termios()
        let canRestore = tcgetattr(tty, &saved) == 0
        if canRestore {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            quiet.c_lflag |= tcflag_t(ICANON)
            _ = tcsetattr(tty, TCSAFLUSH, &quiet)
        }
        defer {
            if canRestore { _ = tcsetattr(tty, TCSAFLUSH, &saved) }
            _ = write(tty, "\n", 1)
        }
        _ = prompt.withCString { write(tty, $0, strlen($0)) }
        var line = [UInt8]()
        var byte: UInt8 = 0
        while read(tty, &byte, 1) == 1 {
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            line.append(byte)
            guard line.count <= 4096 else { break }
        }
        byte = 0
        return line
    }
}
