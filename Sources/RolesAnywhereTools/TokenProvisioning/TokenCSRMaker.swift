import RolesAnywhere
import PKCS11
import X509

/// Makes a certificate signing request (PKCS #10) signed by a private key inside a token,
/// through swift-certificates' CSR builder and the token key as a custom private key: the
/// key never leaves the token and the request costs one `C_Sign`.
///
/// ```swift
/// let request = try TokenCSRMaker(keyURI: "pkcs11:token=my-token;object=aws;type=private",
///                                 pinSource: .environment("TOKEN_PIN"))
///     .makeRequest(subject: try SubjectName.parse("CN=laptop,O=Example"))
/// ```
public struct TokenCSRMaker: Sendable {
    /// The private key's `pkcs11:` URI.
    public var keyURI: String
    /// The PKCS#11 module (nil: the URI's, else p11-kit's proxy).
    public var modulePath: String?
    /// The user PIN's source (nil: the URI's `pin-source`/`pin-value`, else a prompt).
    public var pinSource: PINSource?
    /// Use the user PIN also for keys that ask for a PIN on every signature.
    public var reusePIN: Bool

    /// Describes the key to sign with.
    public init(keyURI: String, modulePath: String? = nil, pinSource: PINSource? = nil, reusePIN: Bool = false) {
        self.keyURI = keyURI
        self.modulePath = modulePath
        self.pinSource = pinSource
        self.reusePIN = reusePIN
    }

    /// Makes the request for `subject`, and checks its signature before returning it.
    public func makeRequest(subject: DistinguishedName) throws(RolesAnywhereError) -> CertificateSigningRequest {
        let uri = try TokenObjectLocator.parse(keyURI, role: "--key")
        let module = try TokenModule.load(path: modulePath, uris: [uri])
        let supply = try PINSupply.resolve(configured: pinSource, uris: [uri])
        var userPIN: PIN?
        do {
            var locator = TokenObjectLocator(module: module)
            let found = try locator.privateKey(uri) { session, token in
                var attempts = 0
                userPIN = try TokenLogin(supply: supply).logIn(session, token: token, attempts: &attempts)
            }
            let identity = try TokenKeyIdentity(key: found.handle, in: found.session, uri: found.uri)
            let alwaysAuthenticate = try found.session.bool(.alwaysAuthenticate, of: found.handle) ?? false
            let key = TokenCertificateKey(
                session: found.session, handle: found.handle, publicKey: identity.publicKey, algorithm: identity.algorithm,
                mechanisms: Set((try? found.session.slot.mechanisms()) ?? []),
                contextSpecificPIN: alwaysAuthenticate ? contextPIN(userPIN: userPIN, key: found) : nil)
            let request = try CertificateSigningRequest(
                version: .v1, subject: subject, privateKey: Certificate.PrivateKey(key), attributes: .init(),
                signatureAlgorithm: identity.algorithm.certificateSignatureAlgorithm)
            try CertificateRequestFile.verify(request, path: "made with \(found.uri)")
            return request
        } catch {
            throw TokenFailure.translate(error, action: "signing the certificate signing request with \(uri)", token: nil)
        }
    }

    /// The request as PEM text (`CERTIFICATE REQUEST`).
    public static func pem(_ request: CertificateSigningRequest) throws(RolesAnywhereError) -> String {
        do {
            return try request.serializeAsPEM().pemString
        } catch {
            throw RolesAnywhereError(.internalFailure, "cannot encode the certificate signing request: \(error)")
        }
    }

    private func contextPIN(userPIN: PIN?, key: TokenObjectLocator.FoundKey) -> @Sendable () throws -> PIN {
        if reusePIN, let userPIN { return { userPIN } }
        let subject = "key '\(key.uri)' on token '\(key.tokenLabel)' (asked for every signature)"
        return { try PINSupply(origin: .source(.prompt)).read(for: subject, status: .normal) }
    }
}
