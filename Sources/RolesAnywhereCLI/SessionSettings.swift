import RolesAnywhere
import RolesAnywhereTools

/// What CreateSession asks for, as plain values (see ``KeySettings``).
struct SessionSettings {
    var trustAnchorArn = ""
    var profileArn = ""
    var roleArn = ""
    var sessionDuration = 3600
    var region: String?
    var endpoint: String?
    var roleSessionName: String?

    /// The checked request parameters; a plain-HTTP endpoint off this machine is warned about.
    func makeRequest() throws(RolesAnywhereError) -> CreateSessionRequest {
        let request = try CreateSessionRequest(
            trustAnchorARN: trustAnchorArn,
            profileARN: profileArn,
            roleARN: roleArn,
            region: region,
            durationSeconds: sessionDuration,
            roleSessionName: roleSessionName,
            endpoint: endpoint)
        if request.endpoint.scheme == "http", !request.endpoint.isLoopback {
            StandardError.write(
                "roles-anywhere: WARNING: --endpoint \(request.endpoint) is plain HTTP to another machine: the request and the credentials cross the network unencrypted")
        }
        return request
    }
}
