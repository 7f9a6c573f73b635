#if canImport(FoundationEssentials)
import FoundationEssentials
#else
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#endif

/// An HTTP proxy read from `HTTPS_PROXY`/`https_proxy`, with `NO_PROXY` exceptions.
///
/// User-info in the proxy URL (`http://user:password@proxy:3128`) becomes a `Basic`
/// `Proxy-Authorization`; it is a secret, so it is never part of ``displayName`` or of any error.
public struct ProxySettings: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// Host suffixes (or `*`) that bypass the proxy.
    public var exceptions: [String]
    /// The `Proxy-Authorization` value, when the proxy URL holds user-info.
    public var authorization: String?

    public init(host: String, port: Int, exceptions: [String] = [], authorization: String? = nil) {
        self.host = host
        self.port = port
        self.exceptions = exceptions
        self.authorization = authorization
    }

    /// `host:port`, for messages (never the user-info).
    public var displayName: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Reads the proxy from an environment; nil when no proxy is set.
    /// - Throws: `invalidArgument` when `HTTPS_PROXY` is malformed (the message never repeats its user-info).
    public static func fromEnvironment(_ environment: [String: String]) throws(RolesAnywhereError) -> ProxySettings? {
        guard let raw = environment["HTTPS_PROXY"] ?? environment["https_proxy"], !raw.isEmpty else { return nil }
        var rest = Substring(raw)
        if let range = rest.firstRange(of: "://") { rest = rest[range.upperBound...] }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var authorization: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = Hex.percentDecode(rest[..<at])
            authorization = "Basic " + Data(userInfo.utf8).base64EncodedString()
            rest = rest[rest.index(after: at)...]
        }
        let shown = String(rest)  // host and port only
        var host = rest
        var port = 80
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let number = Int(rest[rest.index(after: colon)...]), (1...65535).contains(number) else {
                throw RolesAnywhereError(.invalidArgument, "HTTPS_PROXY '\(shown)' has a malformed port")
            }
            host = rest[..<colon]
            port = number
        }
        host = host.hasPrefix("[") && host.hasSuffix("]") ? host.dropFirst().dropLast() : host
        guard !host.isEmpty else { throw RolesAnywhereError(.invalidArgument, "HTTPS_PROXY names no host") }
        let noProxy = environment["NO_PROXY"] ?? environment["no_proxy"] ?? ""
        let exceptions = noProxy.split(separator: ",").map { $0.trimmingASCIIWhitespace().lowercased() }.filter { !$0.isEmpty }
        return ProxySettings(host: String(host), port: port, exceptions: exceptions, authorization: authorization)
    }

    /// Whether requests to `host` go through the proxy.
    public func applies(to host: String) -> Bool {
        let target = host.lowercased()
        for exception in exceptions {
            if exception == "*" { return false }
            let suffix = exception.hasPrefix(".") ? String(exception.dropFirst()) : exception
            if target == suffix || target.hasSuffix("." + suffix) { return false }
        }
        return true
    }
}
