import ArgumentParser
import Foundation
import RolesAnywhere

/// How to reach the service: TLS trust, proxy, timeouts.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "PEM bundle of CA certificates to trust for the endpoint (default: AWS_CA_BUNDLE, else the system's).")
    var caBundle: String?

    @Flag(help: "Do not verify the endpoint's TLS certificate (dangerous; for tests only).")
    var noVerifySsl = false

    @Flag(help: "Use the proxy in HTTPS_PROXY, except for hosts in NO_PROXY.")
    var withProxy = false

    @Option(help: "Seconds to wait for a connection.")
    var connectTimeout: Int = 5

    @Option(help: "Seconds to wait for the service's answer.")
    var readTimeout: Int = 30

    /// The client configuration for an endpoint host.
    func makeConfiguration(for host: String) throws(RolesAnywhereError) -> ClientConfiguration {
        guard connectTimeout > 0, readTimeout > 0 else {
            throw RolesAnywhereError(.invalidArgument, "--connect-timeout and --read-timeout must be at least 1 second")
        }
        let environment = ProcessInfo.processInfo.environment
        var proxy: ProxySettings?
        if withProxy, let settings = try ProxySettings.fromEnvironment(environment), settings.applies(to: host) {
            proxy = settings
        }
        if noVerifySsl {
            StandardError.write(
                "roles-anywhere: WARNING: --no-verify-ssl is set: the endpoint's TLS certificate is NOT verified, anyone on the path can read and change this exchange")
        }
        let bundle = caBundle ?? environment["AWS_CA_BUNDLE"].flatMap { $0.isEmpty ? nil : $0 }
        return ClientConfiguration(
            caBundlePath: bundle,
            verifiesTLS: !noVerifySsl,
            proxy: proxy,
            connectTimeout: connectTimeout,
            readTimeout: readTimeout)
    }
}
