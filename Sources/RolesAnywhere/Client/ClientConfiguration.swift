/// How the CreateSession client reaches the service.
public struct ClientConfiguration: Sendable, Hashable {
    /// A PEM bundle of CA certificates to trust instead of the system's (`--ca-bundle`, `AWS_CA_BUNDLE`).
    public var caBundlePath: String?
    /// Whether to verify the server's TLS certificate (`--no-verify-ssl` turns it off).
    public var verifiesTLS: Bool
    /// The proxy to use, already checked against `NO_PROXY` for the endpoint's host
    /// (``ProxySettings/fromEnvironment(_:)`` and ``ProxySettings/applies(to:)``).
    public var proxy: ProxySettings?
    /// Seconds to wait for a connection.
    public var connectTimeout: Int
    /// Seconds to wait for the answer.
    public var readTimeout: Int
    /// Retries after the first attempt, for 429, 5xx and connection failures only.
    public var maximumRetries: Int
    /// Base of the exponential, jittered backoff between retries, in milliseconds.
    public var backoffBaseMilliseconds: Int

    /// Creates a configuration; the defaults suit the public service.
    public init(
        caBundlePath: String? = nil,
        verifiesTLS: Bool = true,
        proxy: ProxySettings? = nil,
        connectTimeout: Int = 5,
        readTimeout: Int = 30,
        maximumRetries: Int = 3,
        backoffBaseMilliseconds: Int = 200
    ) {
        self.caBundlePath = caBundlePath
        self.verifiesTLS = verifiesTLS
        self.proxy = proxy
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.maximumRetries = maximumRetries
        self.backoffBaseMilliseconds = backoffBaseMilliseconds
    }

    /// The transport settings, with the CA bundle read and checked now.
    package func transport(maximumResponseSize: Int) throws(RolesAnywhereError) -> HTTPSClient.Configuration {
        var trust = verifiesTLS ? TLSTrust.system : TLSTrust.none
        if let path = caBundlePath {
            let bytes = try FileReader.read(path, role: "CA bundle (\(setting: .caBundle) / AWS_CA_BUNDLE)")
            guard TLSTrust.holdsCertificates(bytes) else {
                throw RolesAnywhereError(.invalidCertificate, "the CA bundle '\(path)' holds no readable PEM certificate")
            }
            trust = TLSTrust(certificates: bytes, verifies: verifiesTLS)
        }
        return HTTPSClient.Configuration(
            trust: trust, proxy: proxy, connectTimeout: connectTimeout, readTimeout: readTimeout, maximumResponseSize: maximumResponseSize)
    }
}
