import PKCS11

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The PIN source a backend actually uses: a configured ``PINSource``, or the `pin-value`
/// of a URI. Reads the PIN into a ``PIN``, which wipes itself when released.
package struct PINSupply: Sendable, CustomStringConvertible {
    package enum Origin: Sendable {
        case source(PINSource)
        case uriValue(PIN)
    }

    package let origin: Origin

    /// A supply reading from `origin`.
    package init(origin: Origin) { self.origin = origin }

    /// Whether a person types the PIN (so a wrong one may be asked again).
    package var isInteractive: Bool {
        if case .source(let source) = origin { return source.isInteractive }
        return false
    }

    /// Whether the PIN is the URI's `pin-value` (which deserves a warning).
    package var isURIValue: Bool {
        if case .uriValue = origin { return true }
        return false
    }

    package var description: String { wording.description }

    /// Where the PIN comes from, with the setting that named it kept symbolic.
    package var wording: RolesAnywhereError.Wording {
        switch origin {
        case .source(let source): source.wording
        case .uriValue: "pin-value in the URI"
        }
    }

    /// Picks the source: the configured one, else the `pin-source` or `pin-value` of the
    /// first URI that has one, else a prompt.
    package static func resolve(configured: PINSource?, uris: [PKCS11URI]) throws(RolesAnywhereError) -> PINSupply {
        if let configured { return PINSupply(origin: .source(configured)) }
        for uri in uris {
            if let value = uri.pinSource {
                guard let source = PINSource.uriPINSource(value) else {
                    throw RolesAnywhereError(
                        .invalidPKCS11URI, "the URI \(uri) has pin-source=\(value): only file:/path or a path is supported")
                }
                return PINSupply(origin: .source(source))
            }
            if let pin = uri.pinValue { return PINSupply(origin: .uriValue(pin)) }
        }
        return PINSupply(origin: .source(.prompt))
    }

    /// Reads the PIN.
    /// - Parameters:
    ///   - subject: what the PIN is for, e.g. "token 'ra-test'".
    ///   - status: the token's PIN state, shown in the prompt.
    ///   - secret: which PIN a prompt asks for.
    ///   - unavailable: the failure when a prompt is needed and nobody can be asked.
    package func read(
        for subject: String, status: PINStatus, secret: SecretPrompt.Request.Secret = .tokenPIN, isRetry: Bool = false,
        unavailable: RolesAnywhereError.Wording? = nil
    ) throws(RolesAnywhereError) -> PIN {
        var bytes: [UInt8]
        switch origin {
        case .uriValue(let pin):
            return pin
        case .source(.prompt):
            let wording = unavailable
                ?? "there is no terminal to ask the PIN for \(subject): give it with \(setting: .pinEnv) NAME, \(setting: .pinCommand) CMD or pin-source=file:/path in the URI"
            bytes = try SecretPrompt.read(SecretPrompt.Request(
                secret: secret, subject: subject, note: status.promptNote, isRetry: isRetry,
                unavailable: RolesAnywhereError(.pinFailure, wording, subject: subject)))
        case .source(.file(let path)):
            bytes = try PINFile.read(path)
        case .source(.environment(let name)):
            guard let value = getenv(name) else {
                throw RolesAnywhereError(.pinFailure, "the PIN for \(subject) should come from the environment variable \(name) (\(setting: .pinEnv)), which is not set")
            }
            bytes = Array(UnsafeRawBufferPointer(start: value, count: strlen(value)))
        case .source(.command(let command)):
            bytes = try PINCommand.run(command)
        }
        defer { bytes.wipe() }
        guard !bytes.isEmpty else {
            throw RolesAnywhereError(.pinFailure, "no PIN for \(subject) came from \(wording)")
        }
        return PIN(bytes: bytes)
    }
}
