import RolesAnywhere
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PKCS11
import X509

/// The state of one doctor run: what each check found, for the checks after it.
final class DoctorRun {
    let configuration: DoctorConfiguration
    private let report: (DoctorFinding) -> Void
    private(set) var findings: [DoctorFinding] = []

    // Token setups.
    var keyURI: PKCS11URI?
    var certificateURI: PKCS11URI?
    var locator: TokenObjectLocator?
    var slot: Slot?
    var session: Session?
    var tokenLabel: String?
    var loggedIn = false
    var userPIN: PIN?
    var tokenKeys: [TokenObjectLocator.FoundKey]?
    var tokenCertificate: TokenObjectLocator.FoundCertificate?
    var certificateLookupFailure: RolesAnywhereError?

    // File setups.
    var fileKey: FileSigningKey?
    var isPKCS12 = false

    // Shared.
    var certificate: Certificate?
    var intermediates: [Certificate] = []
    var identity: SigningIdentity?
    var request: CreateSessionRequest?
    var endpointAnswer: EndpointProbe.Answer?

    init(configuration: DoctorConfiguration, report: @escaping (DoctorFinding) -> Void) {
        self.configuration = configuration
        self.report = report
    }

    /// Whether any check so far failed.
    var hasFailure: Bool { findings.contains { $0.status == .fail } }

    /// The finding of an earlier check.
    func status(of check: DoctorCheck) -> DoctorFinding.Status? {
        findings.first { $0.check == check }?.status
    }

    /// Records and reports a finding.
    func record(_ check: DoctorCheck, _ status: DoctorFinding.Status, _ detail: String, fix: String? = nil) {
        let finding = DoctorFinding(check, status, detail, fix: fix)
        findings.append(finding)
        report(finding)
    }

    /// Records a skip because `earlier` did not pass.
    func skip(_ check: DoctorCheck, needs earlier: DoctorCheck) {
        record(check, .skip, "needs a passing \(earlier.name) check")
    }

    /// The certificate's key algorithm, or nil when Roles Anywhere does not accept the key.
    var certificateAlgorithm: KeyAlgorithm? {
        certificate.flatMap { try? IdentityCheck.keyAlgorithm(of: $0) }
    }

    /// The message of any error, for a finding, without the error's own short advice (the
    /// finding's fix replaces it).
    static func message(_ error: any Error) -> String {
        withoutAdvice((error as? RolesAnywhereError)?.commandLineMessage ?? String(describing: error))
    }

    /// Verbs that start the advice the core's errors end with ("...: give the key ...").
    static let adviceVerbs = [
        "give", "renew", "insert", "check", "use", "pass", "keep", "fix", "add", "make", "lower", "set", "copy",
        "issue", "store", "pick", "unblock", "see",
    ]

    /// `message` without a trailing `: <advice>` clause.
    static func withoutAdvice(_ message: String) -> String {
        guard let range = message.ranges(of: ": ").last else { return message }
        let tail = message[range.upperBound...]
        let firstWord = tail.prefix { $0.isLetter }.lowercased()
        return adviceVerbs.contains(firstWord) ? String(message[..<range.lowerBound]) : message
    }
}
