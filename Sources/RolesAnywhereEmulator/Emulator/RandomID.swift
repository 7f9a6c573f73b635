import Crypto
import RolesAnywhere

/// Lowercase UUID text (`8-4-4-4-12`) for ids and request ids.
///
/// Foundation's `UUID()` on Linux opens and reads `/dev/urandom` for each one, a system call
/// pair that showed up in every CreateSession's profile; these come from BoringSSL's generator.
public enum RandomID {
    /// A random (version 4) UUID.
    public static func uuid() -> String {
        text(CredentialIssuer.randomBytes(16), version: 0x40)
    }

    /// A name-based UUID (version 5 layout over SHA-256): the same name, the same id.
    public static func uuid(naming name: String) -> String {
        text(Array(SHA256.hash(data: Array(name.utf8)).prefix(16)), version: 0x50)
    }

    private static func text(_ source: [UInt8], version: UInt8) -> String {
        var bytes = source
        bytes[6] = (bytes[6] & 0x0F) | version
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Array(Hex.encode(bytes))
        return [hex[0..<8], hex[8..<12], hex[12..<16], hex[16..<20], hex[20..<32]].map { String($0) }.joined(separator: "-")
    }
}
