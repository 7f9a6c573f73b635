import RolesAnywhere
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks for a secret on the controlling terminal (`/dev/tty`) with echo off.
///
/// The terminal, not standard input/output, is used so that prompting works inside
/// `credential_process`, whose standard output belongs to the AWS tooling.
public struct TerminalPrompt: SecretPrompt.Prompter {
    /// The longest secret read from the terminal.
    static let maximumLength = 4096

    /// A prompt on the controlling terminal.
    public init() {}

    /// Asks `request.question` on `/dev/tty`; throws `request.unavailable` without a terminal.
    public func readSecret(_ request: SecretPrompt.Request) throws(RolesAnywhereError) -> [UInt8] {
        try Self.readSecret(prompt: request.question, unavailable: request.unavailable)
    }

    /// Reads one line from `/dev/tty` without echo. The returned bytes exclude the newline;
    /// the caller wipes them after use.
    /// - Parameter unavailable: the error when there is no terminal.
    public static func readSecret(prompt: String, unavailable: RolesAnywhereError) throws(RolesAnywhereError) -> [UInt8] {
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard tty >= 0 else { throw unavailable }
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
        // Room for the longest answer up front: the array never grows, so no freed copy of a
        // PIN is left behind unwiped (the caller wipes this one).
        var line = [UInt8]()
        line.reserveCapacity(Self.maximumLength)
        var byte: UInt8 = 0
        while read(tty, &byte, 1) == 1 {
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            guard line.count < Self.maximumLength else { continue }  // the rest of an over-long line is dropped
            line.append(byte)
        }
        byte = 0
        return line
    }
}
