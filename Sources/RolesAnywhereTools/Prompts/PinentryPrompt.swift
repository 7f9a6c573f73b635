import RolesAnywhere
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks for a secret through a pinentry program (GnuPG's PIN dialogs: `pinentry-tty`,
/// `pinentry-curses`, `pinentry-gnome3`, ...), speaking its Assuan protocol over pipes.
///
/// Hand-written: no Swift library speaks Assuan, and a PIN dialog needs a dozen text lines of
/// it (DESIGN.md section 10); libassuan would add a C dependency to the client for that.
/// The program is started without a shell; the terminal it draws on is `$GPG_TTY` or ours.
public struct PinentryPrompt: SecretPrompt.Prompter {
    /// The longest secret accepted (as for the terminal prompt).
    static let maximumLength = 4096
    /// The longest line read; Assuan's own limit is 1000 bytes.
    static let lineLimit = 1024
    /// The programs tried, in order, when none is named.
    static let candidates = ["pinentry", "pinentry-gnome3", "pinentry-qt", "pinentry-gtk-2", "pinentry-curses", "pinentry-tty"]

    /// The program's path.
    public let program: String

    /// A prompt through `program` (a path, as ``locate(_:)`` returns).
    public init(program: String) { self.program = program }

    /// The path of `name` (a path, or a name searched on `PATH`), or with nil the first of
    /// `pinentry`, `pinentry-gnome3`, `pinentry-qt`, `pinentry-gtk-2`, `pinentry-curses`,
    /// `pinentry-tty` found on `PATH`; nil when there is no such executable.
    public static func locate(_ name: String?) -> String? {
        guard let name else { return candidates.lazy.compactMap { locate($0) }.first }
        if name.contains("/") { return isExecutable(name) ? name : nil }
        let path = environment("PATH") ?? "/usr/local/bin:/usr/bin:/bin"
        // Empty entries (the current folder) are skipped: a PIN dialog is never taken from there.
        return path.split(separator: ":").lazy.map { "\($0)/\(name)" }.first(where: isExecutable)
    }

    /// Asks through the program; throws `request.unavailable` when there is neither a terminal
    /// nor a display to ask on, and a `.pinFailure` when the person cancels or the program fails.
    public func readSecret(_ request: SecretPrompt.Request) throws(RolesAnywhereError) -> [UInt8] {
        let terminal = Self.terminalName()
        #if !os(macOS)
        // pinentry-tty and pinentry-curses answer "cancelled" when they have nowhere to draw.
        guard terminal != nil || Self.environment("DISPLAY") != nil || Self.environment("WAYLAND_DISPLAY") != nil else {
            throw request.unavailable
        }
        #endif
        let password = request.secret == .keyPassword
        let cancelled = RolesAnywhereError(
            .pinFailure, password ? "the password entry for the key \(request.subject) was cancelled"
                : "the PIN entry for \(request.subject) was cancelled", subject: request.subject)
        var conversation = try Conversation(program: program, cancelled: cancelled)
        defer { conversation.end() }
        try conversation.expectAnswer(to: nil)  // the greeting
        let options = [
            ("ttyname", terminal), ("ttytype", Self.environment("TERM")),
            ("lc-ctype", Self.environment("LC_ALL") ?? Self.environment("LC_CTYPE") ?? Self.environment("LANG")),
        ]
        for case let (name, value?) in options {
            try conversation.command("OPTION \(name)=\(value)", tolerant: true)  // older programs lack some options
        }
        try conversation.command("SETTITLE roles-anywhere")
        try conversation.command(password
            ? "SETDESC Enter the password of the key \(request.subject)."
            : "SETDESC Enter the PIN for \(request.subject).\(request.note)")
        try conversation.command(password ? "SETPROMPT Password:" : "SETPROMPT PIN:")
        if request.isRetry {
            try conversation.command(password ? "SETERROR Wrong password, try again" : "SETERROR Wrong PIN, try again")
        }
        try conversation.command("GETPIN")
        return conversation.takeData()
    }

    /// A set, non-empty environment variable.
    static func environment(_ name: String) -> String? {
        guard let value = getenv(name), value.pointee != 0 else { return nil }
        return String(cString: value)
    }

    /// `$GPG_TTY`, else the name of our controlling terminal, else nil.
    static func terminalName() -> String? {
        if let name = environment("GPG_TTY") { return name }
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        return ttyname(tty).map { String(cString: $0) }
    }

    private static func isExecutable(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && access(path, X_OK) == 0
    }
}

/// One run of the program: its pipes, its reply lines and the secret it sent, all wiped at the end.
private struct Conversation {
    let program: String
    let cancelled: RolesAnywhereError
    private let child: pid_t
    private var toChild: Int32
    private var fromChild: Int32
    private var chunk = [UInt8](repeating: 0, count: 1024)
    private var chunkStart = 0, chunkEnd = 0
    private var line = [UInt8](repeating: 0, count: PinentryPrompt.lineLimit)
    private var length = 0
    /// Decoded `D` lines; room for the longest secret up front, so no unwiped copy is left by regrowth.
    private var data = [UInt8]()

    /// Starts `program` with its standard input and output on pipes and its errors to /dev/null.
    init(program: String, cancelled: RolesAnywhereError) throws(RolesAnywhereError) {
        self.program = program
        self.cancelled = cancelled
        signal(SIGPIPE, SIG_IGN)  // writing to a program that ended must be an error, not the end of us
        var input: [Int32] = [-1, -1], output: [Int32] = [-1, -1]
        guard Self.makePipe(&input), Self.makePipe(&output) else {
            let reason = String(cString: strerror(errno))
            (input + output).filter { $0 >= 0 }.forEach { _ = close($0) }
            throw RolesAnywhereError(.pinFailure, "cannot start the pinentry program \(program): \(reason)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)  // dup2 drops close-on-exec on 0 and 1
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)  // the program gets SIGPIPE back as it should be
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        var argv: [UnsafeMutablePointer<CChar>?] = [strdup(program), nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, program, &actions, &attributes, &argv, environ)
        close(input[0])
        close(output[1])
        guard spawned == 0 else {
            close(input[1])
            close(output[0])
            throw RolesAnywhereError(.pinFailure, "cannot start the pinentry program \(program): \(String(cString: strerror(spawned)))")
        }
        self.child = child
        toChild = input[1]
        fromChild = output[0]
        data.reserveCapacity(PinentryPrompt.maximumLength)
    }

    /// Sends `text` (percent-escaped) and reads up to its `OK`.
    /// - Parameter tolerant: an `ERR` answer is ignored instead of thrown.
    mutating func command(_ text: String, tolerant: Bool = false) throws(RolesAnywhereError) {
        var escaped = ""
        for character in text.unicodeScalars {
            switch character {
            case "%": escaped += "%25"
            case "\r": escaped += "%0D"
            case "\n": escaped += "%0A"
            default: escaped.unicodeScalars.append(character)
            }
        }
        send(escaped + "\n")
        try expectAnswer(to: String(text.prefix { $0 != " " }), tolerant: tolerant)
    }

    /// Reads lines up to `OK` or `ERR`, decoding `D` lines into the data and skipping `S` and `#` lines.
    /// - Parameter command: the command's name, or nil for the greeting.
    mutating func expectAnswer(to command: String?, tolerant: Bool = false) throws(RolesAnywhereError) {
        while try nextLine() {
            if lineIs("OK") { return }
            if lineIs("D") { decode(line[min(2, length)..<length]) }
            if lineIs("INQUIRE") { send("CAN\n") }
            guard lineIs("ERR") else { continue }
            guard !tolerant else { return }
            let reason = String(decoding: line[min(4, length)..<length], as: UTF8.self)
            // GPG_ERR_CANCELED (99; Ctrl-D, Escape, the Cancel button) or GPG_ERR_FULLY_CANCELED
            // (198; Ctrl-C), in the low 16 bits of the code (the high ones name the source).
            let code = reason.split(separator: " ").first.flatMap { Int($0) }.map { $0 & 0xFFFF }
            if code == 99 || code == 198 { throw cancelled }
            throw RolesAnywhereError(.pinFailure, "the pinentry program \(program) answered \(command ?? "its start") with ERR \(reason)")
        }
        throw RolesAnywhereError(.pinFailure, command.map { "the pinentry program \(program) ended before answering \($0)" }
            ?? "the pinentry program \(program) ended right after it started")
    }

    /// The secret read; the caller wipes it.
    mutating func takeData() -> [UInt8] {
        defer { data = [] }
        return data
    }

    /// Says `BYE`, closes the pipes, reaps the program and wipes every buffer.
    mutating func end() {
        send("BYE\n")
        close(toChild)
        close(fromChild)
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        Self.wipe(&chunk)
        Self.wipe(&line)
        Self.wipe(&data)
    }

    /// Whether the line is `keyword` alone or followed by a space.
    private func lineIs(_ keyword: String) -> Bool {
        let word = Array(keyword.utf8)
        return length >= word.count && line[0..<word.count].elementsEqual(word) && (length == word.count || line[word.count] == 0x20)
    }

    private mutating func decode(_ escaped: ArraySlice<UInt8>) {
        var index = escaped.startIndex
        while index < escaped.endIndex, data.count < PinentryPrompt.maximumLength {
            if escaped[index] == UInt8(ascii: "%"), index + 2 < escaped.endIndex,
               let high = Self.hex(escaped[index + 1]), let low = Self.hex(escaped[index + 2]) {
                data.append(high << 4 | low)
                index += 3
            } else {
                data.append(escaped[index])
                index += 1
            }
        }
    }

    /// Reads the next line (without its newline) into `line`; false at end of file.
    private mutating func nextLine() throws(RolesAnywhereError) -> Bool {
        length = 0
        while true {
            if chunkStart == chunkEnd {
                let count = chunk.withUnsafeMutableBytes { read(fromChild, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                (chunkStart, chunkEnd) = (0, count)
            }
            let byte = chunk[chunkStart]
            chunkStart += 1
            if byte == UInt8(ascii: "\n") { return true }
            guard length < line.count else {
                throw RolesAnywhereError(.pinFailure, "the pinentry program \(program) sent a line longer than Assuan allows")
            }
            line[length] = byte
            length += 1
        }
    }

    private func send(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { write(toChild, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }  // the program ended: the next read says so
            bytes = bytes.dropFirst(count)
        }
    }

    /// A pipe whose ends close on exec (the child gets only what is duplicated onto 0 and 1).
    private static func makePipe(_ ends: inout [Int32]) -> Bool {
        guard pipe(&ends) == 0 else { return false }
        ends.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
        return true
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { explicit_bzero(base, buffer.count) }
        }
    }
}
