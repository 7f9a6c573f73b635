#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import X509

/// Signs with a private key held in a PKCS#11 token (HSM, smartcard, YubiKey, TPM, SoftHSM).
///
/// The certificate comes from the token (a `pkcs11:` URI) or from a file; the key from a
/// `pkcs11:` URI, or else it is the key on the certificate's token with the certificate's
/// `CKA_ID`. The key is proven to belong to the certificate by comparing public values, never
/// by a test signature.
///
/// The backend keeps its module, session and login for its whole life: the first
/// ``loadIdentity()`` logs in (one `C_Login`), and every signature costs one `C_Sign`, so a
/// long-running process asks for the PIN once.
///
/// ```swift
/// let backend = PKCS11Backend(PKCS11BackendConfiguration(
///     certificate: "pkcs11:token=ra-test;object=ecp256;type=cert",
///     pinSource: .environment("TOKEN_PIN")))
/// let identity = try await backend.loadIdentity()
/// let signature = try await identity.sign(Array("string to sign".utf8))
/// ```
public struct PKCS11Backend: SigningBackend {
    /// The certificate, key, module and PIN settings.
    public let configuration: PKCS11BackendConfiguration
    private let connection: TokenConnection
    private let clock: @Sendable () -> Date

    /// Creates a backend; nothing is loaded until the first ``loadIdentity()``.
    /// - Parameter clock: the time used for the validity check (injected for tests).
    public init(_ configuration: PKCS11BackendConfiguration, clock: @escaping @Sendable () -> Date = Date.init) {
        self.configuration = configuration
        self.connection = TokenConnection(configuration: configuration)
        self.clock = clock
    }

    public func loadIdentity() async throws -> SigningIdentity {
        if PKCS11BackendConfiguration.isTokenURI(configuration.certificate) {
            TokenRotationLock.waitWhileHeld(configuration.certificate)
        }
        let key = try await connection.prepare(at: clock())
        let connection = self.connection
        return SigningIdentity(
            certificate: key.certificate,
            intermediates: key.intermediates,
            keyAlgorithm: key.algorithm,
            signer: { message, digest in try await connection.sign(message, digest: digest) })
    }

    /// Reads the leaf certificate and intermediates without finding the key, logging in, or
    /// checking the validity window (for inspection commands such as `read-certificate-data`).
    /// Finds the key and certificate again at the next use (after `rotate` replaced them in the
    /// token); the token's login stays.
    public func reconnect() async {
        await connection.forget()
    }

    public func loadCertificates() async throws -> (certificate: Certificate, intermediates: [Certificate]) {
        try await connection.certificates()
    }

    /// What the backend has asked of the token so far (logins, signatures).
    var activity: TokenActivity {
        get async { await connection.activity }
    }
}
