import RolesAnywhere

/// The outcome of one ``DoctorCheck``: one line, never a secret.
public struct DoctorFinding: Hashable, Sendable, CustomStringConvertible {
    /// Whether the check passed.
    public enum Status: String, Hashable, Sendable {
        /// The check passed.
        case ok
        /// The check failed; ``DoctorFinding/fix`` says what to do.
        case fail
        /// The check was not run: it does not apply, or an earlier failure makes it meaningless.
        case skip
    }

    /// The check.
    public let check: DoctorCheck
    /// Whether it passed.
    public let status: Status
    /// What was found (or, for a failure, what is wrong).
    public let detail: String
    /// What to do about a failure.
    public let fix: String?

    /// Creates a finding.
    public init(_ check: DoctorCheck, _ status: Status, _ detail: String, fix: String? = nil) {
        self.check = check
        self.status = status
        self.detail = detail
        self.fix = fix
    }

    /// `ok   <check>: <detail>`, `FAIL <check>: <what is wrong> - <fix>` or `skip <check>: <why>`.
    public var line: String {
        switch status {
        case .ok: "ok   \(check.name): \(detail)"
        case .skip: "skip \(check.name): \(detail)"
        case .fail: "FAIL \(check.name): \(detail)" + (fix.map { " - \($0)" } ?? "")
        }
    }

    public var description: String { line }
}
