#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import RolesAnywhere
import X509

/// `rotate` for a key in a file: a new key (a new 0600 file), a certificate for it from a CA
/// folder, an optional real CreateSession with the new pair, then the switch.
///
/// Never a broken pair: the new files are written whole beside the old ones as `<path>.next`
/// and renamed over them, key first. A reader that falls between the two renames reads the
/// pair again (``FileKeyBackend``); a rotation killed between them is finished by the next
/// run (and readers use `<certificate>.next` meanwhile). Two rotations serialise on a lock.
public struct FileKeyRotation: Sendable {
    public var certificatePath: String
    public var privateKeyPath: String
    /// Issues the new certificate for a request, valid so many days.
    public var issue: @Sendable (CertificateSigningRequest, Int) async throws -> Certificate
    public var policy: CertificateRotation.Policy
    /// The new key's type; nil for the current key's.
    public var keyType: CertificateKeyType?
    /// Keep the old pair as `<path>.previous`.
    public var keepOld: Bool
    public var now: @Sendable () -> Date

    public init(
        certificatePath: String, privateKeyPath: String, issue: @escaping @Sendable (CertificateSigningRequest, Int) async throws -> Certificate,
        policy: CertificateRotation.Policy, keyType: CertificateKeyType? = nil,
        keepOld: Bool = false, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.issue = issue
        self.policy = policy
        self.keyType = keyType
        self.keepOld = keepOld
        self.now = now
    }

    private var nextCertificate: String { certificatePath + FileKeyBackend.nextSuffix }
    private var nextKey: String { privateKeyPath + FileKeyBackend.nextSuffix }

    /// Renews when due. `verify` gets the new certificate and key paths and must succeed (a
    /// real CreateSession) before the switch; the old pair is untouched when anything fails.
    public func run(verify: (_ certificate: String, _ key: String) async throws -> Void) async throws -> CertificateRotation.Outcome {
        // Not due and nothing left to finish: no lock file, no write (auto-renew asks at every refresh).
        if access(nextCertificate, F_OK) != 0 {
            let current = try CertificateFile.leaf(
                in: FileReader.read(certificatePath, role: "certificate file (\(setting: .certificate))"), path: certificatePath)
            if let days = policy.daysLeftWhenNotDue(current, now: now()) { return .notDue(daysLeft: days) }
        }
        try Self.refuseEncrypted(privateKeyPath)
        let lock: FileLock
        do {
            lock = try FileLock(path: certificatePath + FileKeyBackend.rotationLockSuffix, timeout: .seconds(120))
        } catch {
            throw RolesAnywhereError(
                .unwritableFile, "cannot take the rotation lock '\(certificatePath)\(FileKeyBackend.rotationLockSuffix)': \(error)",
                subject: certificatePath)
        }
        defer { lock.release() }
        try finishOrDiscardAnEarlierRun()
        let current = try CertificateFile.leaf(
            in: FileReader.read(certificatePath, role: "certificate file (\(setting: .certificate))"), path: certificatePath)
        if let days = policy.daysLeftWhenNotDue(current, now: now()) { return .notDue(daysLeft: days) }

        let type = try keyType ?? CertificateRotation.keyType(of: current)
        let key = try GeneratedFileKey(type)
        let request = try CertificateRotation.request(subject: current.subject, key: key.privateKey, algorithm: key.algorithm)
        let certificate = try await issue(request, policy.days(replacing: current))
        try PEMFileWriter.writeSecret(key.pkcs8PEM, to: nextKey)
        try PEMFileWriter.writePublic(ClientCertificateIssuer.pem(certificate), to: nextCertificate)
        do {
            try await verify(nextCertificate, nextKey)
        } catch {
            unlink(nextKey)
            unlink(nextCertificate)
            throw error
        }
        if keepOld {
            try AtomicFileWriter.write(FileReader.read(privateKeyPath, role: "private key file (\(setting: .privateKey))"), to: privateKeyPath + ".previous")
            try PEMFileWriter.writePublic(ClientCertificateIssuer.pem(current), to: certificatePath + ".previous")
        }
        try rename(nextKey, over: privateKeyPath)
        try rename(nextCertificate, over: certificatePath)
        return .renewed(certificate)
    }

    /// The new key is written unencrypted (0600): an encrypted key file is not silently replaced
    /// by one without its password.
    private static func refuseEncrypted(_ path: String) throws(RolesAnywhereError) {
        let bytes = try FileReader.read(path, role: "private key file (\(setting: .privateKey))")
        // PEM says so: "ENCRYPTED PRIVATE KEY" (PKCS#8) or "Proc-Type: 4,ENCRYPTED" (traditional).
        guard String(decoding: bytes, as: UTF8.self).contains("ENCRYPTED") else { return }
        throw RolesAnywhereError(
            .invalidArgument,
            "the key file '\(path)' is encrypted, and rotate writes new keys unencrypted (mode 0600): decrypt it first (openssl pkcs8 -nocrypt) or keep renewing it by hand",
            subject: path)
    }

    /// A run that stopped after renaming the key finishes (its certificate matches the key in
    /// place); leftovers of a run that stopped before are removed.
    private func finishOrDiscardAnEarlierRun() throws(RolesAnywhereError) {
        guard access(nextCertificate, F_OK) == 0 else {
            unlink(nextKey)
            return
        }
        if access(nextKey, F_OK) != 0 {
            let pending = FileKeyBackend(certificatePath: nextCertificate, privateKeyPath: privateKeyPath, passwordSource: .literal(""))
            if pending.keyMatchesCertificate() {
                try rename(nextCertificate, over: certificatePath)
                return
            }
        }
        unlink(nextKey)
        unlink(nextCertificate)
    }

    private func rename(_ from: String, over to: String) throws(RolesAnywhereError) {
        guard Glibc.rename(from, to) == 0 else {
            throw RolesAnywhereError(.unwritableFile, "cannot replace '\(to)': \(String(cString: strerror(errno)))", subject: to)
        }
    }
}
