import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

/// How to reach the service: TLS trust, proxy, timeouts.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "PEM bundle of CA certificates to trust for the endpoint (default: AWS_CA_BUNDLE, else the system's).")
    var caBundle: String?

    @Flag(help: "Do not verify the endpoint's TLS certificate (dangerous; for tests only).")
    var noVerifySsl = false

    @Flag(help: "Use the proxy in HTTPS_PROXY, except for hosts in NO_PROXY.")
    var withProxy = false

    @Option(help: "Seconds to wait for a connection, 1 to 3600.")
    var connectTimeout: Int = 5

    @Option(help: "Seconds to wait for the service's answer, 1 to 3600.")
    var readTimeout: Int = 30

    /// The parsed values.
    var settings: ConnectionSettings {
        ConnectionSettings(
            caBundle: caBundle, noVerifySsl: noVerifySsl, withProxy: withProxy, connectTimeout: connectTimeout,
            readTimeout: readTimeout)
    }

    /// The client configuration for an endpoint host.
    func makeConfiguration(for host: String) throws(RolesAnywhereError) -> ClientConfiguration {
        try settings.makeConfiguration(for: host)
    }
}
