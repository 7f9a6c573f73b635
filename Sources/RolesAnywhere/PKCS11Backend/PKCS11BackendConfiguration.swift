#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PKCS11

/// What a ``PKCS11Backend`` signs with and how it gets the PIN.
public struct PKCS11BackendConfiguration: Sendable {
    /// The certificate: a `pkcs11:` URI of a certificate on a token, or the path of a PEM or
    /// DER certificate file.
    public var certificate: String
    /// The private key's `pkcs11:` URI; nil to use the key on the certificate's token that has
    /// the certificate's `CKA_ID`.
    public var privateKey: String?
    /// A PEM bundle of intermediate certificates (`--intermediates`).
    public var intermediatesPath: String?
    /// The PKCS#11 module (`--pkcs11-lib`); nil for the URI's `module-path` or `module-name`,
    /// else p11-kit's proxy.
    public var modulePath: String?
    /// The user PIN's source (`--pin-env`, `--pin-command`); nil for the URI's `pin-source` or
    /// `pin-value`, else a prompt on the terminal.
    public var pinSource: PINSource?
    /// Use the user PIN also for the context-specific login that `CKA_ALWAYS_AUTHENTICATE`
    /// keys need on every signature (`--reuse-pin`).
    public var reusePIN: Bool
    /// Where the context-specific PIN comes from without ``reusePIN``.
    public var contextPINSource: PINSource
    /// Receives warnings, such as the one about `pin-value` (default: standard error).
    public var warn: @Sendable (RolesAnywhereError.Wording) -> Void
    /// Mechanisms to act as if the token lacked (a test seam for the `CKM_RSA_PKCS` path).
    var hiddenMechanisms: Set<MechanismType> = []

    /// Creates a configuration.
    public init(
        certificate: String,
        privateKey: String? = nil,
        intermediatesPath: String? = nil,
        modulePath: String? = nil,
        pinSource: PINSource? = nil,
        reusePIN: Bool = false,
        contextPINSource: PINSource = .prompt,
        warn: @escaping @Sendable (RolesAnywhereError.Wording) -> Void = { _ in }
    ) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.intermediatesPath = intermediatesPath
        self.modulePath = modulePath
        self.pinSource = pinSource
        self.reusePIN = reusePIN
        self.contextPINSource = contextPINSource
        self.warn = warn
    }

    /// Whether a `--certificate` or `--private-key` value is a `pkcs11:` URI rather than a file.
    public static func isTokenURI(_ value: String) -> Bool {
        value.prefix(7).lowercased() == "pkcs11:"
    }
}
