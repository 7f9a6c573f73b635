#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
import PKCS11
import Synchronization
import X509

/// What a ``PKCS11Backend`` keeps for its whole life: the module, the session with the token
/// logged in, the key proven to match its certificate, and the PIN rules' memory.
///
/// The first credential fetch finds the objects and logs in (one `C_Login`); later fetches
/// reuse all of it and cost one `C_Sign` each. When the token goes away (removed, session
/// closed), the next fetch starts over. A PIN from a non-interactive source that the token
/// refused is never tried again for the life of the backend.
actor TokenConnection {
    /// Cryptoki calls block (a token may take seconds, a PIN prompt minutes): they run on this
    /// connection's own serial queue, never on Swift's cooperative pool.
    private let executor = DispatchQueueExecutor(label: "roles-anywhere.token-connection")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private let configuration: PKCS11BackendConfiguration
    private var connected: ConnectedKey?
    private var userSupply: PINSupply?
    /// The user PIN, kept only with `reusePIN` for the context-specific logins.
    private var userPIN: PIN?
    private var refusal: RolesAnywhereError?
    private var contextRefusal: RolesAnywhereError?
    private var warnedAboutPINValue = false
    private(set) var activity = TokenActivity()

    init(configuration: PKCS11BackendConfiguration) {
        self.configuration = configuration
    }

    /// Drops the connected key, so the next use finds the objects again. Its session stays
    /// open until then: closing a token's last session would end the login, and the next use
    /// would ask for the PIN again.
    func forget() {
        if let connected { retired = connected }
        connected = nil
    }

    private var retired: ConnectedKey?

    private var certificateIsOnToken: Bool { PKCS11BackendConfiguration.isTokenURI(configuration.certificate) }

    /// The key, ready to sign: found and logged in on first use (or after the token went
    /// away), with its certificate checked against the validity window at `now`.
    func prepare(at now: Date) throws(RolesAnywhereError) -> ConnectedKey {
        if let current = connected {
            do {
                if current.loginRequired, try !current.session.state().isUserLoggedIn {
                    try logIn(current.session, token: current.tokenLabel)
                }
            } catch let error as RolesAnywhereError {
                throw error
            } catch {
                connected = nil
            }
        }
        var key: ConnectedKey
        if let connected { key = connected } else { key = try connect() }
        retired = nil
        if !certificateIsOnToken {
            key.certificate = try reloadedCertificateFile(for: key)
        }
        connected = key
        try IdentityCheck.requireValid(key.certificate, at: now)
        return key
    }

    /// The certificate and intermediates, without finding the key or logging in.
    func certificates() throws(RolesAnywhereError) -> (certificate: Certificate, intermediates: [Certificate]) {
        let certificate: Certificate
        if certificateIsOnToken {
            let uri = try TokenObjectLocator.parse(configuration.certificate, role: "\(setting: .certificate)")
            var locator = TokenObjectLocator(module: try loadModule([uri]))
            do {
                certificate = try locator.certificate(uri).certificate
            } catch {
                throw TokenFailure.translate(error, action: "reading the certificate \(uri)", token: nil)
            }
        } else {
            certificate = try readCertificateFile()
        }
        return (certificate, try readIntermediates())
    }

    /// Signs with the connected key: one `C_SignInit` and one `C_Sign`, after a context-specific
    /// login for `CKA_ALWAYS_AUTHENTICATE` keys.
    func sign(_ message: [UInt8], digest: SignatureDigest) throws(RolesAnywhereError) -> [UInt8] {
        guard let key = connected else {
            throw RolesAnywhereError(.internalFailure, "the token key was used before it was loaded")
        }
        let scheme = TokenSignatureScheme(
            algorithm: key.algorithm, digest: digest, message: message, mechanisms: key.mechanisms)
        let pin = key.alwaysAuthenticate ? try contextPIN(for: key) : nil
        let contextSpecificPIN: (() throws -> PIN)? = pin.map { value in { value } }
        activity.signatures += 1
        if pin != nil { activity.contextLogins += 1 }
        do {
            let output = try key.session.sign(
                mechanism: scheme.mechanism, key: key.key, data: scheme.input,
                signatureLength: scheme.signatureLength, alwaysAuthenticate: key.alwaysAuthenticate,
                contextSpecificPIN: contextSpecificPIN)
            let signature = try scheme.wireForm(output)
            if key.needsSignatureProof {
                guard SignatureCheck.isValid(signature, message: message, digest: digest, publicKey: key.certificate.publicKey) else {
                    throw RolesAnywhereError(
                        .keyMismatch,
                        "the private key \(key.keyURI) does not belong to the certificate \(key.certificate.subject): its signature does not verify with the certificate's public key")
                }
                connected?.needsSignatureProof = false
            }
            return signature
        } catch let error as PKCS11Error where error.function == "C_Login" && TokenFailure.pinCodes.contains(error.code) {
            let status = PINStatus((try? key.session.slot.tokenInfo().flags) ?? [])
            let supply = configuration.reusePIN ? (userSupply ?? contextSupply) : contextSupply
            let refused = TokenLogin.refusal(
                error, subject: "key '\(key.keyLabel)' on token '\(key.tokenLabel)'", supply: supply, status: status)
            if !supply.isInteractive { contextRefusal = refused }
            throw refused
        } catch {
            if error is PKCS11Error { connected = nil }
            throw TokenFailure.translate(error, action: "signing with the key \(key.keyURI)", token: key.tokenLabel)
        }
    }

    private var contextSupply: PINSupply { PINSupply(origin: .source(configuration.contextPINSource)) }

    private func contextPIN(for key: ConnectedKey) throws(RolesAnywhereError) -> PIN {
        if let contextRefusal { throw contextRefusal }
        let status = PINStatus((try? key.session.slot.tokenInfo().flags) ?? [])
        if configuration.reusePIN {
            if let userPIN { return userPIN }
            if let userSupply { return try userSupply.read(for: "token '\(key.tokenLabel)'", status: status) }
        }
        let subject = "key '\(key.keyLabel)' on token '\(key.tokenLabel)'"
        return try contextSupply.read(
            for: "\(subject) (asked for every signature)", status: status, secret: .contextPIN,
            unavailable:
                "the \(subject) asks for the PIN again at every signature and there is no terminal to ask it: add \(setting: .reusePin) to give it the token's user PIN")
    }

    private static let loginGate = Mutex(())

    /// `C_Login(CKU_USER)` by the PIN rules, at most once per fetch for non-interactive PINs.
    private func logIn(_ session: Session, token: String) throws(RolesAnywhereError) {
        if let refusal { throw refusal }
        guard let supply = userSupply else {
            throw RolesAnywhereError(.internalFailure, "no PIN source was chosen before logging in")
        }
        let before = activity.userLogins
        do {
            // One login at a time in the process: backends sharing a token (serve --config) then
            // ask once, log in once (the login holds for every session of the token), and two
            // prompts never share the terminal.
            var attempts = activity.userLogins
            defer { activity.userLogins = attempts }
            let pin = try Self.loginGate.withLock { _ throws(RolesAnywhereError) in
                try TokenLogin(supply: supply).logIn(session, token: token, attempts: &attempts)
            }
            if configuration.reusePIN, let pin { userPIN = pin }
        } catch {
            if !supply.isInteractive, activity.userLogins > before { refusal = error }
            throw error
        }
    }

    private func connect() throws(RolesAnywhereError) -> ConnectedKey {
        let certificateURI = certificateIsOnToken
            ? try TokenObjectLocator.parse(configuration.certificate, role: "\(setting: .certificate)") : nil
        var keyURI: PKCS11URI?
        if let privateKey = configuration.privateKey {
            guard PKCS11BackendConfiguration.isTokenURI(privateKey) else {
                throw RolesAnywhereError(
                    .invalidArgument,
                    "the private key '\(privateKey)' is a file but the certificate is on a token: give the key as a pkcs11: URI, or leave it out to use the key with the certificate's CKA_ID")
            }
            keyURI = try TokenObjectLocator.parse(privateKey, role: "\(setting: .privateKey)")
        }
        let uris = [keyURI, certificateURI].compactMap { $0 }
        guard !uris.isEmpty else {
            throw RolesAnywhereError(
                .invalidArgument, "a certificate file needs its private key as a pkcs11: URI (\(setting: .privateKey) pkcs11:...)")
        }
        let supply = try PINSupply.resolve(configured: configuration.pinSource, uris: uris)
        if supply.isURIValue, !warnedAboutPINValue {
            warnedAboutPINValue = true
            configuration.warn(
                "the PIN is given by pin-value in a pkcs11: URI, which other users of this machine can see in the process list: prefer pin-source=file:/path, \(setting: .pinEnv) NAME or \(setting: .pinCommand) CMD")
        }
        userSupply = supply
        let module = try loadModule(uris)
        do {
            var locator = TokenObjectLocator(module: module)
            let tokenCertificate = try certificateURI.map { try locator.certificate($0) }
            let certificate = try tokenCertificate?.certificate ?? readCertificateFile()
            let algorithm = try IdentityCheck.keyAlgorithm(of: certificate)
            let candidates: [TokenObjectLocator.FoundKey]
            if let keyURI {
                candidates = try locator.privateKeys(keyURI, logIn: { try logIn($0, token: $1) })
            } else if let tokenCertificate {
                candidates = try locator.privateKeys(nextTo: tokenCertificate, logIn: { try logIn($0, token: $1) })
            } else {
                candidates = []
            }
            let proof = try KeyCertificateProof.choose(
                among: candidates, certificate: certificate, algorithm: algorithm, tokenCertificate: tokenCertificate)
            let session = proof.key.session
            let mechanisms = Set((try? session.slot.mechanisms()) ?? []).subtracting(configuration.hiddenMechanisms)
            return ConnectedKey(
                session: session, key: proof.key.handle, keyURI: proof.key.uri, tokenLabel: proof.key.tokenLabel,
                keyLabel: try session.label(of: proof.key.handle) ?? proof.key.uri,
                certificate: certificate, intermediates: try readIntermediates(), algorithm: algorithm,
                publicKeys: proof.publicKeys, mechanisms: mechanisms,
                alwaysAuthenticate: try session.bool(.alwaysAuthenticate, of: proof.key.handle) ?? false,
                loginRequired: try session.slot.tokenInfo().flags.contains(.loginRequired),
                needsSignatureProof: proof.needsSignatureProof)
        } catch {
            throw TokenFailure.translate(error, action: "finding the certificate and key", token: nil)
        }
    }

    private func loadModule(_ uris: [PKCS11URI]) throws(RolesAnywhereError) -> PKCS11Module {
        try TokenModule.load(path: configuration.modulePath, uris: uris)
    }

    private func readCertificateFile() throws(RolesAnywhereError) -> Certificate {
        let path = configuration.certificate
        return try CertificateFile.leaf(in: FileReader.read(path, role: "certificate file (\(setting: .certificate))"), path: path)
    }

    /// The certificate file read again (so a renewed certificate is picked up), checked against
    /// the key when it changed.
    private func reloadedCertificateFile(for key: ConnectedKey) throws(RolesAnywhereError) -> Certificate {
        let certificate = try readCertificateFile()
        guard certificate != key.certificate else { return certificate }
        guard key.publicKeys.contains(certificate.publicKey) else {
            throw RolesAnywhereError(
                .keyMismatch,
                "the certificate file '\(configuration.certificate)' changed and its new certificate \(certificate.subject) does not belong to the private key \(key.keyURI)")
        }
        return certificate
    }

    private func readIntermediates() throws(RolesAnywhereError) -> [Certificate] {
        guard let path = configuration.intermediatesPath else { return [] }
        let role: RolesAnywhereError.Wording = "intermediates file (\(setting: .intermediates))"
        return try CertificateFile.certificates(in: FileReader.read(path, role: role), path: path, role: role)
    }
}
