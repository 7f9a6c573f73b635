import Foundation
import Yams

/// The emulator's configuration file (YAML or JSON; JSON is read as YAML).
///
/// ```yaml
/// accountId: "123456789012"
/// region: us-east-1
/// trustAnchors:
///   - id: corp-anchor              # ARN: arn:aws:rolesanywhere:<region>:<account>:trust-anchor/<id>
///     certificateBundle: ca.pem    # PEM CA certificates; paths are relative to the file
///     enabled: true
/// profiles:
///   - id: corp-profile
///     roleArns: ["arn:aws:iam::123456789012:role/demo"]
///     durationSeconds: 3600        # the longest session allowed
///     acceptRoleSessionName: false
///     enabled: true
/// crls: [revoked.crl]              # PEM or DER CRLs, applied to the anchor whose CA issued them
/// ```
public struct EmulatorConfiguration: Codable, Sendable, Hashable {
    public var accountId: String?
    public var region: String?
    public var trustAnchors: [TrustAnchorEntry]?
    public var profiles: [ProfileEntry]?
    public var crls: [String]?

    /// A trust anchor in the file.
    public struct TrustAnchorEntry: Codable, Sendable, Hashable {
        public var id: String
        public var certificateBundle: String
        public var enabled: Bool?
    }

    /// A profile in the file.
    public struct ProfileEntry: Codable, Sendable, Hashable {
        public var id: String
        public var roleArns: [String]
        public var durationSeconds: Int?
        public var acceptRoleSessionName: Bool?
        public var enabled: Bool?
    }

    public init(
        accountId: String? = nil, region: String? = nil, trustAnchors: [TrustAnchorEntry]? = nil,
        profiles: [ProfileEntry]? = nil, crls: [String]? = nil
    ) {
        self.accountId = accountId
        self.region = region
        self.trustAnchors = trustAnchors
        self.profiles = profiles
        self.crls = crls
    }

    /// Reads a configuration file; relative paths inside it are resolved against its folder.
    public static func load(path: String) throws -> EmulatorConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EmulatorError("cannot read the configuration file '\(path)'")
        }
        var configuration: EmulatorConfiguration
        do {
            configuration = try YAMLDecoder().decode(EmulatorConfiguration.self, from: data)
        } catch {
            throw EmulatorError("the configuration file '\(path)' is not valid: \(oneLine(error))")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ file: String) -> String {
            file.hasPrefix("/") ? file : folder.appendingPathComponent(file).path
        }
        configuration.trustAnchors = configuration.trustAnchors?.map {
            var entry = $0
            entry.certificateBundle = resolve(entry.certificateBundle)
            return entry
        }
        configuration.crls = configuration.crls?.map(resolve)
        return configuration
    }

    /// An error's text on one line: Yams' syntax errors span several (message, source line, caret),
    /// and hide behind `DecodingError.dataCorrupted`.
    private static func oneLine(_ error: any Error) -> String {
        var cause = error
        if case DecodingError.dataCorrupted(let context) = error, let underlying = context.underlyingError { cause = underlying }
        return String(String(describing: cause).split(whereSeparator: \.isNewline).joined(separator: " ").prefix(200))
    }
}
