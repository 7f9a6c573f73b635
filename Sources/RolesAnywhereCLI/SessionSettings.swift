import RolesAnywhere
import RolesAnywhereTools
#if canImport(Glibc)
import Glibc
#endif

/// What CreateSession asks for, as plain values (see ``KeySettings``).
struct SessionSettings {
    var trustAnchorArn = ""
    var profileArn = ""
    var roleArn = ""
    var sessionDuration = 3600
    var region: String?
    var endpoint: String?
    var roleSessionName: String?
    var useFIPSEndpoint = false

    /// The endpoint AWS's SDKs and CLI take from the environment when no flag names one:
    /// `AWS_ENDPOINT_URL_ROLESANYWHERE`, else `AWS_ENDPOINT_URL`.
    static func environmentEndpoint() -> String? {
        for name in ["AWS_ENDPOINT_URL_ROLESANYWHERE", "AWS_ENDPOINT_URL"] {
            if let value = getenv(name), value.pointee != 0 { return String(cString: value) }
        }
        return nil
    }

    /// The checked request parameters; a plain-HTTP endpoint off this machine is warned about.
    func makeRequest() throws(RolesAnywhereError) -> CreateSessionRequest {
        let request = try CreateSessionRequest(
            trustAnchorARN: trustAnchorArn,
            profileARN: profileArn,
            roleARN: roleArn,
            region: region,
            durationSeconds: sessionDuration,
            roleSessionName: roleSessionName,
            endpoint: endpoint ?? Self.environmentEndpoint(),
            useFIPSEndpoint: useFIPSEndpoint)
        if request.endpoint.scheme == "http", !request.endpoint.isLoopback {
            StandardError.write(
                "roles-anywhere: WARNING: --endpoint \(request.endpoint) is plain HTTP to another machine: the request and the credentials cross the network unencrypted")
        }
        return request
    }
}
