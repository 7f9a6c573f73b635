/// Where the user PIN of a token comes from.
///
/// A PIN from any source but ``prompt`` is never retried after the token refuses it:
/// tokens lock after a few wrong PINs.
public enum PINSource: Sendable, Hashable, CustomStringConvertible {
    /// Asked on the controlling terminal (`/dev/tty`) with echo off; re-asked after a wrong PIN
    /// while the token allows.
    case prompt
    /// The first line of a file (`pin-source=file:/path` in a URI).
    case file(String)
    /// The value of an environment variable (`--pin-env NAME`).
    case environment(String)
    /// The standard output of a shell command, minus its trailing newline (`--pin-command CMD`,
    /// askpass style, run with `/bin/sh -c`).
    case command(String)

    /// Whether a person types the PIN, so a wrong one may be asked again.
    public var isInteractive: Bool { self == .prompt }

    /// Where the PIN came from, for messages (never the PIN).
    public var description: String { wording.description }

    /// Where the PIN came from, with the setting that named it kept symbolic.
    public var wording: RolesAnywhereError.Wording {
        switch self {
        case .prompt: "the terminal"
        case .file(let path): "the file '\(path)'"
        case .environment(let name): "the environment variable \(name)"
        case .command: "the \(setting: .pinCommand) command"
        }
    }

    /// Reads a URI's `pin-source` value: `file:/path`, `file:///path` or a bare path.
    /// - Returns: nil for another scheme.
    public static func uriPINSource(_ value: String) -> PINSource? {
        if value.hasPrefix("file://") {
            let rest = value.dropFirst("file://".count)
            return rest.hasPrefix("/") ? .file(String(rest)) : nil
        }
        if value.hasPrefix("file:") { return .file(String(value.dropFirst("file:".count))) }
        if value.contains(":"), !value.hasPrefix("/"), !value.hasPrefix(".") { return nil }
        return .file(value)
    }
}
