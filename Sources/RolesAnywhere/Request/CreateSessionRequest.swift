/// The parameters of one CreateSession call, checked before any network traffic.
public struct CreateSessionRequest: Sendable, Hashable {
    /// The smallest session duration the service accepts, in seconds.
    public static let minimumDuration = 900
    /// The largest session duration the service accepts, in seconds.
    public static let maximumDuration = 43_200

    public let trustAnchorARN: AmazonResourceName
    public let profileARN: AmazonResourceName
    public let roleARN: AmazonResourceName
    /// The signing region: the given one, else the trust anchor's.
    public let region: String
    /// Session length in seconds, 900...43200.
    public let durationSeconds: Int
    /// The optional `roleSessionName` (only when the profile accepts one).
    public let roleSessionName: String?
    /// Where to send the request.
    public let endpoint: ServiceEndpoint

    /// Checks and assembles the parameters.
    ///
    /// - Parameters:
    ///   - region: `--region`; nil means the trust anchor ARN's region.
    ///   - endpoint: `--endpoint`; nil means the regional service endpoint.
    ///   - useFIPSEndpoint: the regional endpoint is the FIPS one, `rolesanywhere-fips.<region>...`
    ///     (an explicit `endpoint` wins; the signing scope is the same).
    /// - Throws: ``RolesAnywhereError`` (`invalidARN`, `invalidArgument`) with one clear line.
    public init(
        trustAnchorARN: String,
        profileARN: String,
        roleARN: String,
        region: String? = nil,
        durationSeconds: Int = 3600,
        roleSessionName: String? = nil,
        endpoint: String? = nil,
        useFIPSEndpoint: Bool = false
    ) throws(RolesAnywhereError) {
        let anchor = try AmazonResourceName(parsing: trustAnchorARN, as: .trustAnchor)
        let profile = try AmazonResourceName(parsing: profileARN, as: .profile)
        let role = try AmazonResourceName(parsing: roleARN, as: .role)
        guard anchor.region == profile.region else {
            throw RolesAnywhereError(
                .invalidARN,
                "the trust anchor is in \(anchor.region) but the profile is in \(profile.region): both must be in the signing region"
            )
        }
        guard anchor.partition == profile.partition, anchor.partition == role.partition else {
            throw RolesAnywhereError(.invalidARN, "the trust anchor, profile and role ARNs name different partitions")
        }
        let signingRegion = region ?? anchor.region
        guard AmazonResourceName.isRegionName(signingRegion) else {
            throw RolesAnywhereError(.invalidArgument, "\(setting: .region) '\(signingRegion)' is not a region name such as us-east-1")
        }
        guard signingRegion == anchor.region else {
            throw RolesAnywhereError(
                .invalidArgument,
                "\(setting: .region) \(signingRegion) differs from the trust anchor's region \(anchor.region): Roles Anywhere resources answer only in their own region"
            )
        }
        guard (Self.minimumDuration...Self.maximumDuration).contains(durationSeconds) else {
            throw RolesAnywhereError(
                .invalidArgument,
                "\(setting: .sessionDuration) \(durationSeconds) is out of range: use \(Self.minimumDuration) to \(Self.maximumDuration) seconds"
            )
        }
        if let name = roleSessionName {
            guard Self.isValidSessionName(name) else {
                throw RolesAnywhereError(
                    .invalidArgument,
                    "\(setting: .roleSessionName) must be 2 to 64 characters of letters, digits and =,.@-_"
                )
            }
        }
        self.trustAnchorARN = anchor
        self.profileARN = profile
        self.roleARN = role
        self.region = signingRegion
        self.durationSeconds = durationSeconds
        self.roleSessionName = roleSessionName
        self.endpoint = try endpoint.map { e throws(RolesAnywhereError) in try ServiceEndpoint(parsing: e) }
            ?? ServiceEndpoint.regional(region: signingRegion, fips: useFIPSEndpoint)
    }

    /// The query parameters the official helper sends.
    public var queryParameters: [(key: String, value: String)] {
        [("profileArn", profileARN.rawValue), ("roleArn", roleARN.rawValue), ("trustAnchorArn", trustAnchorARN.rawValue)]
    }

    /// The compact JSON body: `{"durationSeconds":N}` plus `"roleSessionName"` when given.
    public var body: [UInt8] {
        var json = "{\"durationSeconds\":\(durationSeconds)"
        if let name = roleSessionName {
            // The name is restricted to [A-Za-z0-9=,.@_-], so it needs no JSON escaping.
            json += ",\"roleSessionName\":\"\(name)\""
        }
        json += "}"
        return Array(json.utf8)
    }

    static func isValidSessionName(_ name: String) -> Bool {
        (2...64).contains(name.count)
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "=,.@-_".contains($0)) }
    }
}
