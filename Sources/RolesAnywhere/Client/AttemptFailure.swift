/// Why one attempt failed, and whether trying again may help.
package struct AttemptFailure: Error {
    /// The one-line error to report if no retry is left.
    package let error: RolesAnywhereError
    /// True for 429, 5xx and connection failures.
    let isRetryable: Bool
}
