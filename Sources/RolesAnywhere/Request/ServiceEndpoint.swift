/// Where CreateSession is sent: scheme, host and port. The canonical URI is always `/sessions`.
public struct ServiceEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `https` (default) or `http` (only when the endpoint says so).
    public let scheme: String
    /// Host name or IP address (IPv6 without brackets).
    public let host: String
    /// Explicit port, or nil for the scheme's default.
    public let port: Int?

    /// Creates an endpoint from its parts.
    public init(scheme: String = "https", host: String, port: Int? = nil) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// The public regional endpoint: `rolesanywhere.<region>.amazonaws.com`
    /// (`.amazonaws.com.cn` in China regions; `rolesanywhere-fips` when `fips`).
    public static func regional(region: String, fips: Bool = false) -> ServiceEndpoint {
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return ServiceEndpoint(host: "\(fips ? "rolesanywhere-fips" : "rolesanywhere").\(region).\(suffix)")
    }

    /// Parses `--endpoint`: `https://host[:port][/]`, `http://...`, or a bare `host[:port]` (HTTPS).
    public init(parsing value: String) throws(RolesAnywhereError) {
        func fail(_ why: String) -> RolesAnywhereError {
            RolesAnywhereError(.invalidArgument, "\(setting: .endpoint) '\(value)' is not usable: \(why); expected https://host[:port]")
        }
        var rest = Substring(value)
        var scheme = "https"
        if let range = rest.firstRange(of: "://") {
            scheme = rest[..<range.lowerBound].lowercased()
            rest = rest[range.upperBound...]
        }
        guard scheme == "https" || scheme == "http" else { throw fail("the scheme must be https or http") }
        if let slash = rest.firstIndex(of: "/") {
            guard rest[slash...] == "/" || rest[slash...] == "/sessions" else { throw fail("it must not have a path") }
            rest = rest[..<slash]
        }
        var host = rest
        var port: Int?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw fail("an IPv6 address lacks its ']'") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let number = Int(after.dropFirst()) else { throw fail("the port is malformed") }
                port = number
            }
        } else if let colon = rest.lastIndex(of: ":") {
            guard let number = Int(rest[rest.index(after: colon)...]) else { throw fail("the port is malformed") }
            host = rest[..<colon]
            port = number
        }
        guard !host.isEmpty else { throw fail("the host is empty") }
        if let port, !(1...65535).contains(port) { throw fail("the port must be 1 to 65535") }
        self.init(scheme: scheme, host: String(host), port: port)
    }

    /// The `Host` header: the host, with `:port` when not the scheme's default.
    public var hostHeader: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        guard let port, port != (scheme == "https" ? 443 : 80) else { return bracketed }
        return "\(bracketed):\(port)"
    }

    /// Whether the host is this machine (`localhost`, 127.0.0.0/8, `::1`).
    public var isLoopback: Bool {
        let name = host.lowercased()
        return name == "localhost" || name.hasSuffix(".localhost") || name == "::1" || name.hasPrefix("127.")
    }

    /// `scheme://host[:port]`.
    public var description: String { "\(scheme)://\(hostHeader)" }
}
