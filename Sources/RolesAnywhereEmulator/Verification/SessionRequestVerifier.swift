import Crypto
import Foundation
import RolesAnywhere
import X509
import _CryptoExtras

/// Verifies a CreateSession request as the service does, in the service's order: request
/// shape, date, credential scope, certificate and signature, trust anchor and chain,
/// profile, role, duration, session name.
public struct SessionRequestVerifier: Sendable {
    /// The largest body accepted, in bytes (checked before the body is read).
    public static let maximumBodySize = 64 * 1024
    /// How far `X-Amz-Date` may be from the server's clock.
    public static let allowedClockSkew: TimeInterval = 300

    /// The directory as it is now (the local AWS's resources change between requests).
    private let currentDirectory: @Sendable () -> ServiceDirectory
    private let validatedChains = ValidatedChainCache()

    /// A verifier over a fixed directory.
    public init(directory: ServiceDirectory) {
        self.currentDirectory = { directory }
    }

    /// A verifier that reads the directory afresh for each request, so a disabled trust anchor
    /// or profile refuses the very next one.
    public init(directory: @escaping @Sendable () -> ServiceDirectory) {
        self.currentDirectory = directory
    }

    /// Verifies one request.
    public func verify(_ request: ReceivedRequest, now: Date) async -> Result<VerifiedSession, ServiceError> {
        do {
            return .success(try await verifyThrowing(request, now: now))
        } catch let error as ServiceError {
            return .failure(error)
        } catch {
            return .failure(.validation("Invalid request", reason: "unexpected: \(error)"))
        }
    }

    private func verifyThrowing(_ request: ReceivedRequest, now: Date) async throws -> VerifiedSession {
        let directory = currentDirectory()
        let parameters = try SessionParameters(request)
        for name in ["Authorization", "X-Amz-Date", "X-Amz-X509", "X-Amz-X509-Chain", "Host", "Content-Type"]
        where request.headers.filter({ $0.name.lowercased() == name.lowercased() }).count > 1 {
            throw ServiceError.validation("Duplicate header \(name)", reason: "the request carries \(name) more than once")
        }
        guard let authorizationValue = request.header("Authorization") else {
            throw ServiceError.accessDenied("Missing Authentication Token", reason: "no Authorization header")
        }
        guard let authorization = X509AuthorizationHeader(authorizationValue) else {
            throw ServiceError.validation("Malformed Authorization header", reason: "the Authorization header is not SigV4-X509")
        }
        guard let x509 = request.header("X-Amz-X509") else {
            throw ServiceError.validation("Missing X-Amz-X509 header")
        }
        try checkDate(request, authorization: authorization, now: now)
        try checkScope(authorization, region: directory.region)
        let leaf = try Self.certificate(base64: x509, header: "X-Amz-X509")
        let intermediates = try request.header("X-Amz-X509-Chain").map { chain in
            try chain.split(separator: ",").map { try Self.certificate(base64: String($0), header: "X-Amz-X509-Chain") }
        } ?? []
        try checkSignature(request, authorization: authorization, leaf: leaf)
        let anchor = try trustAnchor(parameters.trustAnchorARN, in: directory)
        if let failure = await CertificateChainValidator(trustAnchor: anchor, validatedChains: validatedChains).validate(
            leaf: leaf, intermediates: intermediates, now: now)
        {
            throw failure
        }
        let profile = try profile(parameters.profileARN, in: directory)
        guard profile.roleARNs.contains(parameters.roleARN) else {
            throw ServiceError.accessDenied(
                "Requested Role isn't one of those listed in the Profile.", reason: "role \(parameters.roleARN) is not in the profile")
        }
        if parameters.roleSessionName != nil, !profile.acceptsRoleSessionName {
            throw ServiceError.accessDenied(
                "Not authorized to set roleSessionName.", reason: "the profile does not accept roleSessionName")
        }
        // The session lasts the shorter of the request's and the profile's durations.
        var duration = min(parameters.durationSeconds, profile.durationSeconds)
        var tags = [String: String]()
        var roleID: String?
        if directory.checksRoles {
            tags = PrincipalTags.of(leaf, mappings: profile.attributeMappings)
            let role = try checkRole(
                parameters.roleARN, tags: tags, anchorARN: anchor.arn, sourceIP: request.sourceIP, now: now, in: directory)
            roleID = role.roleID
            guard duration <= role.maxSessionDuration else {
                throw ServiceError.validation(
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
                    reason: "the session would last \(duration) s; role \(role.name) allows \(role.maxSessionDuration) s")
            }
        } else {
            duration = parameters.durationSeconds
            guard parameters.durationSeconds <= profile.durationSeconds else {
                throw ServiceError.validation(
                    "Requested DurationSeconds exceeds the profile's maximum session duration",
                    reason: "durationSeconds \(parameters.durationSeconds) is above the profile's \(profile.durationSeconds)")
            }
        }
        return VerifiedSession(
            certificate: leaf, trustAnchorARN: anchor.arn, profileARN: profile.arn, roleARN: parameters.roleARN,
            durationSeconds: duration, roleSessionName: parameters.roleSessionName, principalTags: tags,
            roleID: roleID)
    }

    private func checkDate(_ request: ReceivedRequest, authorization: X509AuthorizationHeader, now: Date) throws {
        guard let value = request.header("X-Amz-Date"), let date = Self.parseAmzDate(value) else {
            throw ServiceError.validation("Missing or malformed X-Amz-Date header")
        }
        let skew = date.timeIntervalSince(now)
        guard abs(skew) <= Self.allowedClockSkew else {
            throw ServiceError.invalidSignature(
                "X-Amz-Date \(value) is \(Int(abs(skew)) / 60) minutes \(skew < 0 ? "behind" : "ahead of") the server's clock (5 allowed)")
        }
        guard authorization.date.count == 8, authorization.date.allSatisfy(\.isASCII), authorization.date.allSatisfy(\.isNumber),
            value.hasPrefix(authorization.date)
        else {
            throw ServiceError.invalidSignature("the credential scope date \(authorization.date) is not the day of X-Amz-Date")
        }
    }

    private func checkScope(_ authorization: X509AuthorizationHeader, region: String) throws {
        guard authorization.service == "rolesanywhere" else {
            throw ServiceError.invalidSignature("the credential scope names service \(authorization.service)")
        }
        guard authorization.region == region else {
            throw ServiceError.accessDenied(
                "Credential should be scoped to a valid region.",
                reason: "the credential scope names region \(authorization.region); this service is in \(region)")
        }
    }

    private func checkSignature(_ request: ReceivedRequest, authorization: X509AuthorizationHeader, leaf: Certificate) throws {
        let required = ["content-type", "host", "x-amz-date", "x-amz-x509"]
            + (request.header("X-Amz-X509-Chain") == nil ? [] : ["x-amz-x509-chain"])
        for name in required where !authorization.signedHeaders.contains(name) {
            throw ServiceError.invalidSignature("the header \(name) is not signed")
        }
        guard authorization.signedHeaders == authorization.signedHeaders.sorted() else {
            throw ServiceError.invalidSignature("SignedHeaders is not sorted")
        }
        guard DecimalSerial.string(leaf.serialNumber.bytes) == authorization.serial else {
            throw ServiceError.invalidSignature("Credential names serial \(authorization.serial), not the certificate's")
        }
        guard let canonical = request.canonicalRequest(signedHeaders: authorization.signedHeaders) else {
            throw ServiceError.invalidSignature("a signed header is missing from the request")
        }
        let canonicalHash = Hex.encode(SHA256.hash(data: Array(canonical.utf8)))
        let stringToSign = [authorization.algorithm, request.header("X-Amz-Date") ?? "", authorization.credentialScope, canonicalHash]
            .joined(separator: "\n")
        let family: X509AuthorizationHeader.KeyFamily? =
            _RSA.Signing.PublicKey(leaf.publicKey) != nil
            ? .rsa : (P256.Signing.PublicKey(leaf.publicKey) != nil || P384.Signing.PublicKey(leaf.publicKey) != nil ? .ecdsa : nil)
        guard family == authorization.keyFamily else {
            throw ServiceError.invalidSignature("the algorithm \(authorization.algorithm) does not fit the certificate's key")
        }
        let algorithm: Certificate.SignatureAlgorithm = family == .rsa ? .sha256WithRSAEncryption : .ecdsaWithSHA256
        guard leaf.publicKey.isValidSignature(authorization.signature, for: Array(stringToSign.utf8), signatureAlgorithm: algorithm)
        else {
            throw ServiceError.invalidSignature("the signature does not verify with the certificate's public key")
        }
    }

    /// The role must exist and its trust policy must let Roles Anywhere assume it, tag the session
    /// and set its source identity, under the certificate's tags and the trust anchor.
    private func checkRole(
        _ arn: String, tags: [String: String], anchorARN: String, sourceIP: String?, now: Date, in directory: ServiceDirectory
    ) throws -> ServiceDirectory.Role {
        guard let role = directory.roles[arn] else {
            throw ServiceError.accessDenied(
                "Unable to assume role for \(arn): the role does not exist.", reason: "no IAM role \(arn)")
        }
        var context = [
            "aws:SourceArn": anchorARN, "aws:SourceAccount": directory.accountID,
            "aws:CurrentTime": ISO8601Timestamp.string(from: now), "aws:EpochTime": String(Int(now.timeIntervalSince1970)),
        ]
        if let sourceIP { context["aws:SourceIp"] = sourceIP }
        for (key, value) in tags { context["aws:PrincipalTag/\(key)"] = value }
        let actions = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]
        for action in actions {
            let request = TrustPolicy.Request(servicePrincipal: "rolesanywhere.amazonaws.com", action: action, context: context)
            guard role.trustPolicy.decision(for: request) == .allowed else {
                throw ServiceError.accessDenied(
                    "Unable to assume role for \(arn): not authorized to perform \(action).",
                    reason: "the trust policy of role \(role.name) does not allow rolesanywhere.amazonaws.com to do \(action) for this certificate")
            }
        }
        return role
    }

    private func trustAnchor(_ arn: String, in directory: ServiceDirectory) throws -> TrustAnchor {
        guard let anchor = directory.trustAnchors[arn] else {
            throw ServiceError.accessDenied("Specified Trust Anchor wasn't found.", reason: "no trust anchor \(arn)")
        }
        guard anchor.enabled else {
            throw ServiceError.accessDenied("Specified Trust Anchor is disabled.", reason: "trust anchor \(arn) is disabled")
        }
        return anchor
    }

    private func profile(_ arn: String, in directory: ServiceDirectory) throws -> Profile {
        guard let profile = directory.profiles[arn] else {
            throw ServiceError.accessDenied("Invalid or empty profile provided.", reason: "no profile \(arn)")
        }
        guard profile.enabled else {
            throw ServiceError.accessDenied("Specified Profile is disabled.", reason: "profile \(arn) is disabled")
        }
        return profile
    }

    private static func certificate(base64: String, header: String) throws -> Certificate {
        guard let der = Data(base64Encoded: String(base64.trimmingASCIIWhitespace())) else {
            throw ServiceError.validation("Invalid \(header) header", reason: "\(header) is not base64")
        }
        do {
            return try Certificate(derEncoded: Array(der))
        } catch {
            throw ServiceError.validation("Invalid \(header) header", reason: "\(header) is not a DER X.509 certificate")
        }
    }

    static func parseAmzDate(_ value: String) -> Date? {
        AmzDate(parsing: value)?.date
    }
}
