/// An Amazon Resource Name of one of the three kinds CreateSession takes.
///
/// `arn:<partition>:<service>:<region>:<account>:<resource>`; parsing checks the service,
/// the region, the account and the resource type, so a role ARN given as a profile ARN is
/// refused before any network call.
public struct AmazonResourceName: Sendable, Hashable, CustomStringConvertible {
    /// The ARN exactly as given.
    public let rawValue: String
    /// `aws`, `aws-cn`, `aws-us-gov`, ...
    public let partition: String
    /// `rolesanywhere` or `iam`.
    public let service: String
    /// The region; empty for IAM roles.
    public let region: String
    /// The 12-digit account id.
    public let accountID: String
    /// The resource part, e.g. `trust-anchor/<id>` or `role/path/name`.
    public let resource: String

    /// The three kinds of ARN a CreateSession request names.
    public enum Kind: Sendable {
        case trustAnchor, profile, role

        var setting: RolesAnywhereError.Setting {
            switch self {
            case .trustAnchor: .trustAnchorArn
            case .profile: .profileArn
            case .role: .roleArn
            }
        }

        var example: String {
            switch self {
            case .trustAnchor: "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/<id>"
            case .profile: "arn:aws:rolesanywhere:us-east-1:123456789012:profile/<id>"
            case .role: "arn:aws:iam::123456789012:role/<name>"
            }
        }
    }

    /// Parses and checks an ARN of the given kind.
    /// - Throws: ``RolesAnywhereError`` with code `invalidARN`, naming the flag and the expected form.
    public init(parsing string: String, as kind: Kind) throws(RolesAnywhereError) {
        let fields = string.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        func fail(_ why: String) -> RolesAnywhereError {
            RolesAnywhereError(.invalidARN, "\(setting: kind.setting) '\(string)' is not a valid ARN: \(why); expected \(kind.example)")
        }
        guard fields.count == 6, fields[0] == "arn" else { throw fail("it must have six ':'-separated fields starting with 'arn'") }
        guard !fields[1].isEmpty, fields[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw fail("the partition is empty or malformed")
        }
        guard fields[4].count == 12, fields[4].allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw fail("the account id must be 12 digits")
        }
        let expectedService = kind == .role ? "iam" : "rolesanywhere"
        guard fields[2] == expectedService else { throw fail("the service must be '\(expectedService)'") }
        if kind == .role {
            guard fields[3].isEmpty else { throw fail("an IAM role ARN has no region") }
        } else {
            guard Self.isRegionName(fields[3]) else { throw fail("the region is empty or malformed") }
        }
        let prefix: String =
            switch kind {
            case .trustAnchor: "trust-anchor/"
            case .profile: "profile/"
            case .role: "role/"
            }
        guard fields[5].hasPrefix(prefix), fields[5].count > prefix.count, !fields[5].hasSuffix("/") else {
            throw fail("the resource must start with '\(prefix)' and name one")
        }
        self.rawValue = string
        self.partition = fields[1]
        self.service = fields[2]
        self.region = fields[3]
        self.accountID = fields[4]
        self.resource = fields[5]
    }

    /// The last path component of the resource: the trust anchor id, profile id or role name.
    public var resourceName: String {
        String(resource.split(separator: "/").last ?? Substring(resource))
    }

    /// The resource id after the resource type, e.g. the UUID of a profile.
    public var resourceID: String {
        guard let slash = resource.firstIndex(of: "/") else { return resource }
        return String(resource[resource.index(after: slash)...])
    }

    public var description: String { rawValue }

    /// Whether a string looks like an AWS region name (`us-east-1`, `cn-north-1`, `us-gov-west-1`).
    public static func isRegionName(_ value: String) -> Bool {
        !value.isEmpty && value.count <= 32
            && value.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
            && value.first?.isLetter == true && value.last?.isNumber == true
    }
}
