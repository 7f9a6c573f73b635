import RolesAnywhere

/// What the service's answer to the doctor's CreateSession means, and what to do.
struct DoctorServiceAdvice {
    let detail: String
    let fix: String?

    init(_ error: any Error) {
        let message = DoctorRun.message(error)
        // The client appends its own short hint after " - "; the doctor gives a longer one.
        let bare = message.components(separatedBy: " - ").first ?? message
        detail = bare
        let lowered = message.lowercased()
        let code = (error as? RolesAnywhereError)?.code
        if lowered.contains("untrusted") {
            fix = "the service does not trust the certificate's CA: register the CA that issued it as the trust anchor (or send its intermediates with --intermediates), check that the trust anchor is enabled, and that the certificate is not revoked"
        } else if lowered.contains("invalid signature") {
            fix = "the key matches the certificate and the clock is right here, so something changed the request on its way: check --endpoint and the proxy (--with-proxy)"
        } else if lowered.contains("resourcenotfound") || (lowered.contains("trust anchor") && lowered.contains("found")) {
            fix = "check --trust-anchor-arn and --profile-arn, and that they are in the signing region"
        } else if lowered.contains("role") && lowered.contains("profile") {
            fix = "add the role to the profile's roles, or pick a role the profile lists"
        } else if lowered.contains("duration") {
            fix = "lower --session-duration to the profile's limit"
        } else if lowered.contains("rolesessionname") || lowered.contains("role session") {
            fix = "leave out --role-session-name, or let the profile accept role session names"
        } else if lowered.contains("disabled") {
            fix = "enable the trust anchor and the profile"
        } else if code?.kind == .network {
            fix = "the endpoint answered the probe but not CreateSession: check --endpoint and the service's status"
        } else if code?.kind == .refused {
            fix = message.components(separatedBy: " - ").dropFirst().first ?? "read the service's message above"
        } else {
            fix = nil
        }
    }
}
