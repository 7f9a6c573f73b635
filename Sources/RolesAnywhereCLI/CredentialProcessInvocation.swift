import RolesAnywhere
import RolesAnywhereTools

/// Reads `credential-process` arguments without ArgumentParser.
///
/// `credential-process` runs once per AWS CLI call, and ArgumentParser finds a command's
/// arguments by reflection and dynamic casts, which cost milliseconds at each start in a large
/// static binary. The flags are the ones ``CredentialProcessCommand`` declares (a test checks
/// that the two lists agree); `--help` still goes through ArgumentParser for its text.
enum CredentialProcessInvocation {
    /// A usage mistake: one line, exit 64.
    struct UsageError: Error {
        var message: String
    }

    /// Flags that take a value. (Arrays and switches, not sets: a `Set<String>` literal costs a
    /// protocol-conformance scan of the whole binary at its first use.)
    static let optionNames = [
        "--certificate", "--private-key", "--intermediates", "--pkcs8-password", "--password-env", "--pkcs11-lib", "--pin-env",
        "--pin-command", "--trust-anchor-arn", "--profile-arn", "--role-arn", "--session-duration", "--region", "--endpoint",
        "--role-session-name", "--ca-bundle", "--connect-timeout", "--read-timeout", "--cache-dir", "--pinentry",
    ]

    /// Flags that take no value.
    static let flagNames = ["--reuse-pin", "--no-verify-ssl", "--with-proxy", "--no-cache", "--debug", "--use-fips-endpoint"]

    /// The names `credential-process` must be given.
    static let requiredNames = ["--certificate", "--trust-anchor-arn", "--profile-arn", "--role-arn"]

    private static func set(_ name: String, _ value: String, in settings: inout CredentialProcessSettings) throws(UsageError) {
        switch name {
        case "--certificate": settings.key.certificate = value
        case "--private-key": settings.key.privateKey = value
        case "--intermediates": settings.key.intermediates = value
        case "--pkcs8-password": settings.key.pkcs8Password = value
        case "--password-env": settings.key.passwordEnv = value
        case "--pkcs11-lib": settings.key.pkcs11Lib = value
        case "--pin-env": settings.key.pinEnv = value
        case "--pin-command": settings.key.pinCommand = value
        case "--trust-anchor-arn": settings.session.trustAnchorArn = value
        case "--profile-arn": settings.session.profileArn = value
        case "--role-arn": settings.session.roleArn = value
        case "--session-duration": settings.session.sessionDuration = try integer(value, name)
        case "--region": settings.session.region = value
        case "--endpoint": settings.session.endpoint = value
        case "--role-session-name": settings.session.roleSessionName = value
        case "--ca-bundle": settings.connection.caBundle = value
        case "--connect-timeout": settings.connection.connectTimeout = try integer(value, name)
        case "--read-timeout": settings.connection.readTimeout = try integer(value, name)
        case "--cache-dir": settings.cache.cacheDir = value
        default: break
        }
    }

    private static func set(_ flag: String, in settings: inout CredentialProcessSettings) {
        switch flag {
        case "--reuse-pin": settings.key.reusePin = true
        case "--no-verify-ssl": settings.connection.noVerifySsl = true
        case "--with-proxy": settings.connection.withProxy = true
        case "--no-cache": settings.cache.noCache = true
        case "--debug": settings.debug = true
        case "--use-fips-endpoint": settings.session.useFIPSEndpoint = true
        default: break
        }
    }

    /// Whether ArgumentParser should handle the arguments instead (help and completion requests).
    static func wantsHelp(_ arguments: ArraySlice<String>) -> Bool {
        arguments.contains {
            switch $0 {
            case "-h", "--help", "help", "--generate-completion-script", "--experimental-dump-help": true
            default: false
            }
        }
    }

    /// Parses the arguments after `credential-process`.
    static func parse(_ arguments: ArraySlice<String>) throws(UsageError) -> CredentialProcessSettings {
        var settings = CredentialProcessSettings()
        var seen = [String]()
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if flagNames.contains(name), inlineValue == nil {
                set(name, in: &settings)
            } else if optionNames.contains(name) {
                seen.append(name)  // given twice: the last one counts, as with ArgumentParser
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < arguments.endIndex else { throw UsageError(message: "\(name) needs a value") }
                    value = arguments[index]
                    index += 1
                }
                try set(name, value, in: &settings)
            } else if argument.hasPrefix("-") {
                throw UsageError(message: "unknown option '\(ControlCharacters.escaped(name))' for credential-process; see roles-anywhere credential-process --help")
            } else {
                throw UsageError(message: "unexpected argument '\(ControlCharacters.escaped(argument))' for credential-process; see roles-anywhere credential-process --help")
            }
        }
        let missing = requiredNames.filter { !seen.contains($0) }
        guard missing.isEmpty else {
            throw UsageError(message: "credential-process needs \(missing.joined(separator: ", "))")
        }
        return settings
    }

    private static func integer(_ text: String, _ name: String) throws(UsageError) -> Int {
        guard let value = Int(text) else {
            throw UsageError(message: "\(name) '\(ControlCharacters.escaped(text))' is not a whole number")
        }
        return value
    }
}
