import RolesAnywhere
import RolesAnywhereTools

/// `--pinentry [PROGRAM]`: PINs and passwords through a GnuPG pinentry program instead of
/// the terminal. The program is optional, which ArgumentParser options cannot express, so a
/// bare `--pinentry` is rewritten to `--pinentry=auto` before parsing.
enum PinentryChoice {
    /// The arguments with a bare `--pinentry` made `--pinentry=auto`.
    static func normalized(_ arguments: ArraySlice<String>) -> ArraySlice<String> {
        guard arguments.contains("--pinentry") else { return arguments }
        var result: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                result.append(contentsOf: arguments[(index - 1)...])
                break
            }
            guard argument == "--pinentry" else {
                result.append(argument)
                continue
            }
            if index < arguments.endIndex, !arguments[index].hasPrefix("-") {
                result.append("--pinentry=\(arguments[index])")
                index += 1
            } else {
                result.append("--pinentry=auto")
            }
        }
        return ArraySlice(result)
    }

    /// `--pinentry` when no such program is installed: every question is a one-line failure.
    struct MissingPinentry: SecretPrompt.Prompter {
        let name: String?

        func readSecret(_ request: SecretPrompt.Request) throws(RolesAnywhereError) -> [UInt8] {
            let what = name.map { "the pinentry program '\($0)' is not an executable on PATH" }
                ?? "--pinentry found no pinentry program on PATH (pinentry, pinentry-gnome3, pinentry-qt, pinentry-gtk-2, pinentry-curses, pinentry-tty)"
            throw RolesAnywhereError(.pinFailure, plain: "\(what): install one or name it, e.g. --pinentry /usr/bin/pinentry-tty", subject: request.subject)
        }
    }

    /// The prompt the arguments ask for: pinentry with `--pinentry[=PROGRAM]` (before `--`),
    /// else the terminal, falling back to an installed pinentry when there is no terminal.
    static func prompter(for arguments: ArraySlice<String>) -> any SecretPrompt.Prompter {
        for argument in arguments {
            if argument == "--" { break }
            guard argument.hasPrefix("--pinentry=") else { continue }
            let name = String(argument.dropFirst("--pinentry=".count))
            let wanted = name == "auto" ? nil : name
            // Never a bare name run from wherever it resolves: the program is found on PATH
            // (the current folder excluded) or named by its path, else nothing is run.
            guard let program = PinentryPrompt.locate(wanted) else { return MissingPinentry(name: wanted) }
            return PinentryPrompt(program: program)
        }
        return AutomaticPrompt()
    }
}
