import RolesAnywhere

/// Checks a whole Roles Anywhere setup, one ``DoctorCheck`` after the other, and says for
/// each what it found or what is wrong and how to fix it.
///
/// The checks run in the order of ``DoctorCheck/all``: the token (module, token, PIN, key),
/// the certificate (found, key match, validity, usage, chain to the trust anchor's CA), the
/// request (ARNs), the service (endpoint over TLS, clock skew) and finally a real
/// CreateSession. A check that an earlier failure makes meaningless is skipped, and so is the
/// CreateSession call after any failure. Setups with key files skip the token checks.
///
/// ```swift
/// let findings = await Doctor(configuration).run { print($0.line) }
/// let healthy = !findings.contains { $0.status == .fail }
/// ```
public struct Doctor: Sendable {
    /// What to check.
    public let configuration: DoctorConfiguration

    /// Creates a doctor for a setup.
    public init(_ configuration: DoctorConfiguration) {
        self.configuration = configuration
    }

    /// Runs every check, handing each finding to `report` as soon as it is known.
    /// - Returns: the findings, one per check, in order.
    @discardableResult
    public func run(report: @escaping (DoctorFinding) -> Void = { _ in }) async -> [DoctorFinding] {
        let run = DoctorRun(configuration: configuration, report: report)
        if configuration.usesToken {
            run.checkModule()
            run.checkToken()
            run.checkPIN()
            run.checkTokenKey()
            run.checkTokenCertificate()
        } else {
            for check in [DoctorCheck.module, .token, .pin] {
                run.record(check, .skip, "the key is a file, not on a token")
            }
            run.checkFileKey()
            run.checkFileCertificate()
        }
        await run.checkKeyMatch()
        run.checkValidity()
        run.checkUsage()
        await run.checkChain()
        run.checkARNs()
        await run.checkEndpoint()
        run.checkClock()
        await run.checkCreateSession()
        return run.findings
    }
}
