#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Crypto
import PKCS11
import RolesAnywhere
import X509

/// `rotate` for a key in a token: a new key generated inside the same token (never
/// extractable), a certificate for it, an optional real CreateSession with the new pair, then
/// the switch, after which the same `object=` URIs name the new pair.
///
/// Never a moment of failure: the new objects are made as `<label>.next`; the switch relabels
/// the new key first (two keys then share the label, and a certificate's proof picks its own),
/// then the new certificate (two certificates share it, and the newer one is used), then
/// retires the old objects. A run killed anywhere leaves a working pair; the next run clears
/// `<label>.next` leftovers and retires what a switch left behind.
public struct TokenKeyRotation: Sendable {
    /// The certificate's URI, with `object=` (its label).
    public var certificateURI: String
    public var modulePath: String?
    public var pinSource: PINSource?
    public var issue: @Sendable (CertificateSigningRequest, Int) async throws -> Certificate
    public var policy: CertificateRotation.Policy
    public var keyType: CertificateKeyType?
    /// Keep the old objects, labelled `<label>.previous`.
    public var keepOld: Bool

    public init(
        certificateURI: String, modulePath: String?, pinSource: PINSource?,
        issue: @escaping @Sendable (CertificateSigningRequest, Int) async throws -> Certificate,
        policy: CertificateRotation.Policy, keyType: CertificateKeyType? = nil, keepOld: Bool = false
    ) {
        self.certificateURI = certificateURI
        self.modulePath = modulePath
        self.pinSource = pinSource
        self.issue = issue
        self.policy = policy
        self.keyType = keyType
        self.keepOld = keepOld
    }

    /// Renews when due; `verify` gets the new certificate's URI and must succeed before the switch.
    public func run(verify: (_ certificateURI: String) async throws -> Void) async throws -> CertificateRotation.Outcome {
        let uri = try TokenObjectLocator.parse(certificateURI, role: "\(setting: .certificate)")
        guard let label = uri.objectLabel, !label.isEmpty else {
            throw RolesAnywhereError(
                .invalidArgument, "rotate finds the token certificate by its label: give \(setting: .certificate) with object=<label>")
        }
        // The new pair gets a new CKA_ID: a URI naming the old one by id= would name nothing afterwards.
        guard uri.id == nil else {
            throw RolesAnywhereError(
                .invalidArgument,
                "rotate gives the new pair a new CKA_ID, so \(setting: .certificate) must name the certificate by object=<label> without id=: drop id= from the URI (here and in the other settings that use it)")
        }
        let backend = PKCS11Backend(PKCS11BackendConfiguration(certificate: certificateURI, modulePath: modulePath, pinSource: pinSource))
        // Not due: nothing is locked, opened for writing or logged in to (auto-renew asks at every refresh).
        if let days = policy.daysLeftWhenNotDue(try await backend.loadCertificates().certificate, now: Date()) {
            return .notDue(daysLeft: days)
        }
        let lock = try Self.lock(for: certificateURI)
        defer { TokenRotationLock.release(lock, for: certificateURI) }
        // One read-write session for the whole run keeps the token logged in: the steps below
        // (each with sessions of their own) find it so, and ask for no PIN again.
        let keeper = try TokenWriteSession.open(token: certificateURI, modulePath: modulePath, pinSource: pinSource)
        defer { withExtendedLifetime(keeper) {} }
        try tidyUp(label: label)
        let current = try await backend.loadCertificates().certificate
        if let days = policy.daysLeftWhenNotDue(current, now: Date()) { return .notDue(daysLeft: days) }

        let nextLabel = label + ".next"
        let id = ObjectID.random()
        let provisioner = TokenProvisioner(token: certificateURI, modulePath: modulePath, pinSource: pinSource)
        let keyURI = try provisioner.generateKeyPair(label: nextLabel, id: id, keyType: try keyType ?? CertificateRotation.keyType(of: current))
        let certificate: Certificate
        let nextCertificateURI: String
        do {
            let request = try TokenCSRMaker(keyURI: keyURI, modulePath: modulePath, pinSource: pinSource).makeRequest(subject: current.subject)
            certificate = try await issue(request, policy.days(replacing: current))
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("roles-anywhere-rotate-\(UUID().uuidString).pem").path
            defer { unlink(file) }
            try PEMFileWriter.writePublic(ClientCertificateIssuer.pem(certificate), to: file)
            nextCertificateURI = try provisioner.importCertificate(path: file, label: nextLabel, id: id, replace: false)
            try await verify(nextCertificateURI)
        } catch {
            try? tidyUp(label: label)
            throw error
        }
        try switchIn(id: id, label: label)
        // Readers that found the old pair just before the switch finish with it first.
        try? await Task.sleep(for: Self.retireDelay)
        try retire(keeping: id, label: label)
        return .renewed(certificate)
    }

    /// How long the old objects stay after the switch, for fetches already under way.
    static let retireDelay = Duration.milliseconds(300)

    /// Relabels the new objects: key first, then certificate.
    private func switchIn(id: [UInt8], label: String) throws {
        let access = try TokenWriteSession.open(token: certificateURI, modulePath: modulePath, pinSource: pinSource)
        let session = access.session
        do {
            for objectClass in [ObjectClass.privateKey, .publicKey, .certificate] {
                for handle in try access.objects(with: .id(id), class: objectClass) {
                    try session.setAttributes([.label(label)], of: handle)
                }
            }
        } catch {
            throw TokenFailure.translate(error, action: "switching to the new key and certificate", token: access.info.label)
        }
    }

    /// Deletes the old objects, or keeps them as `<label>.previous`.
    private func retire(keeping id: [UInt8], label: String) throws {
        let access = try TokenWriteSession.open(token: certificateURI, modulePath: modulePath, pinSource: pinSource)
        let session = access.session
        do {
            let old = try access.objects(with: .label(label)).filter { try session.id(of: $0) != id }
            if keepOld {
                for handle in try access.objects(with: .label(label + ".previous")) { try session.destroyObject(handle) }
                for handle in old { try session.setAttributes([.label(label + ".previous")], of: handle) }
            } else {
                for handle in old { try session.destroyObject(handle) }
            }
        } catch {
            throw TokenFailure.translate(error, action: "retiring the old key and certificate", token: access.info.label)
        }
    }

    /// Removes what an interrupted run left: `<label>.next` objects, and the older pair when a
    /// switch stopped after relabelling the new certificate (two certificates share the label).
    private func tidyUp(label: String) throws {
        let access = try TokenWriteSession.open(token: certificateURI, modulePath: modulePath, pinSource: pinSource)
        let session = access.session
        do {
            for handle in try access.objects(with: .label(label + ".next")) { try session.destroyObject(handle) }
            // Two certificates under the label: a switch stopped before retiring the old pair.
            // Only then is anything under the label deleted, and only the older pair, by its id.
            let certificates = try access.objects(with: .label(label), class: .certificate)
            guard certificates.count > 1 else { return }
            let decoded = try certificates.compactMap { handle -> (id: [UInt8], certificate: Certificate)? in
                guard let id = try session.id(of: handle), !id.isEmpty, let der = try session.certificateValue(of: handle),
                    let certificate = try? Certificate(derEncoded: der)
                else { return nil }
                return (id, certificate)
            }
            guard decoded.count == certificates.count,
                let newest = decoded.max(by: { TokenObjectLocator.isOlder($0.certificate, than: $1.certificate) })
            else { return }
            for older in decoded where older.id != newest.id && TokenObjectLocator.isSamePair(older.certificate, newest.certificate) {
                for handle in try access.objects(with: .id(older.id)) { try session.destroyObject(handle) }
            }
        } catch {
            throw TokenFailure.translate(error, action: "clearing what an interrupted rotation left", token: access.info.label)
        }
    }

    /// A lock per token certificate, in the user's cache folder: two rotations take turns, and
    /// fetches with the same URI wait for the switch (``TokenRotationLock``).
    private static func lock(for uri: String) throws -> FileLock {
        let folder = CredentialCache.defaultDirectory(environment: ProcessInfo.processInfo.environment)
        try AtomicFileWriter.makeFolder(folder)
        do {
            return try TokenRotationLock.acquire(uri, timeout: .seconds(120))
        } catch {
            throw RolesAnywhereError(.unwritableFile, plain: "cannot take the rotation lock in '\(folder)': \(error)", subject: folder)
        }
    }
}
