#if canImport(FoundationEssentials)
import FoundationEssentials
#else
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#endif
import RolesAnywhere
import RolesAnywhereTools

/// How to reach the service, as plain values (see ``KeySettings``).
struct ConnectionSettings {
    var caBundle: String?
    var noVerifySsl = false
    var withProxy = false
    var connectTimeout = 5
    var readTimeout = 30

    /// The client configuration for an endpoint host.
    func makeConfiguration(for host: String) throws(RolesAnywhereError) -> ClientConfiguration {
        guard (1...3600).contains(connectTimeout), (1...3600).contains(readTimeout) else {
            throw RolesAnywhereError(.invalidArgument, "--connect-timeout and --read-timeout must be 1 to 3600 seconds")
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
