import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

/// What CreateSession asks for: ARNs, region, duration, endpoint.
struct SessionOptions: ParsableArguments {
    @Option(help: "ARN of the trust anchor.")
    var trustAnchorArn: String

    @Option(help: "ARN of the profile.")
    var profileArn: String

    @Option(help: "ARN of the role to assume.")
    var roleArn: String

    @Option(help: "Session duration in seconds, 900 to 43200.")
    var sessionDuration: Int = 3600

    @Option(help: "Signing region (default: the trust anchor ARN's region).")
    var region: String?

    @Option(help: "Service endpoint, e.g. https://127.0.0.1:8443 (default: the regional endpoint).")
    var endpoint: String?

    @Option(help: "Role session name (only if the profile accepts one).")
    var roleSessionName: String?

    @Flag(help: "Use the FIPS endpoint, rolesanywhere-fips.<region>.amazonaws.com (unless --endpoint is given).")
    var useFipsEndpoint = false

    /// The parsed values.
    var settings: SessionSettings {
        SessionSettings(
            trustAnchorArn: trustAnchorArn, profileArn: profileArn, roleArn: roleArn, sessionDuration: sessionDuration,
            region: region, endpoint: endpoint, roleSessionName: roleSessionName, useFIPSEndpoint: useFipsEndpoint)
    }

    /// The checked request parameters.
    func makeRequest() throws(RolesAnywhereError) -> CreateSessionRequest { try settings.makeRequest() }
}
