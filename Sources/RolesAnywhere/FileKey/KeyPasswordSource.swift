#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the password of an encrypted key file comes from.
public enum KeyPasswordSource: Sendable, Hashable {
    /// Given on the command line (`--pkcs8-password`, for compatibility with the official helper).
    case literal(String)
    /// Read from the environment variable with this name (`--password-env NAME`).
    case environment(String)
    /// Asked on the controlling terminal, `/dev/tty`, with echo off.
    case prompt

    /// Reads the password as bytes; the caller wipes them after use.
    func password(for path: String) throws(RolesAnywhereError) -> [UInt8] {
        switch self {
        case .literal(let value):
            return Array(value.utf8)
        case .environment(let name):
            guard let pointer = getenv(name) else {
                throw RolesAnywhereError(
                    .wrongPassword, "the key '\(path)' is encrypted and the variable \(name) named by \(setting: .passwordEnv) is not set")
            }
            return Array(String(cString: pointer).utf8)
        case .prompt:
            return try SecretPrompt.read(SecretPrompt.Request(
                secret: .keyPassword, subject: path,
                unavailable: RolesAnywhereError(
                    .wrongPassword,
                    "the key '\(path)' is encrypted and there is no terminal to ask for its password: use \(setting: .passwordEnv) NAME",
                    subject: path)))
        }
    }
}
