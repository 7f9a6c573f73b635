import RolesAnywhere

extension RolesAnywhereError.Setting {
    /// The command-line flag of the setting: `privateKey` is `--private-key`.
    public var flag: String {
        var flag = "--"
        for character in name {
            if character.isUppercase {
                flag.append("-")
                flag.append(contentsOf: character.lowercased())
            } else {
                flag.append(character)
            }
        }
        return flag
    }
}

extension RolesAnywhereError.Tool {
    /// The command line that runs the tool, quoted: `` `roles-anywhere token list` ``.
    public var commandLine: String {
        switch self {
        case .tokenList: "`roles-anywhere token list`"
        default: "`roles-anywhere \(name)`"
        }
    }
}

extension RolesAnywhereError {
    /// The error's one line as the command-line tool words it: each setting as its flag.
    public var commandLineMessage: String { wording.commandLineText }
}

extension RolesAnywhereError.Wording {
    /// The sentence with each setting as its command-line flag.
    public var commandLineText: String { rendered(\.flag, tool: \.commandLine) }
}
