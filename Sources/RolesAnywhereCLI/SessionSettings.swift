import RolesAnywhere

/// What CreateSession asks for, as plain values (see ``KeySettings``).
struct SessionSettings {
    var trustAnchorArn = ""
    var profileArn = ""
    var roleArn = ""
    var sessionDuration = 3600
    var region: String?
    var endpoint: String?
    var roleSessionName: String?

    /// The checked request parameters.
    func makeRequest() throws(RolesAnywhereError) -> CreateSessionRequest {
        try CreateSessionRequest(
            trustAnchorARN: trustAnchorArn,
            profileARN: profileArn,
            roleARN: roleArn,
            region: region,
            durationSeconds: sessionDuration,
            roleSessionName: roleSessionName,
            endpoint: endpoint)
    }
}
