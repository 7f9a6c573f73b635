import Foundation
import RolesAnywhere

/// Verifies a request signed with Signature Version 4, `AWS4-HMAC-SHA256`, by temporary
/// credentials the emulator issued, and finds out whose credentials signed it.
///
/// The checks run in AWS's order and the first failure is the answer:
/// 1. the `Authorization` header's shape (`MissingAuthenticationToken`, `IncompleteSignature`),
///    then its credential scope (`SignatureDoesNotMatch`);
/// 2. `X-Amz-Date` within ``allowedClockSkew`` of now (`SignatureDoesNotMatch`, "Signature expired");
/// 3. the access key ID (`InvalidClientTokenId`);
/// 4. `X-Amz-Security-Token` against the credentials' session token (`InvalidClientTokenId`);
/// 5. the signature, over only the headers listed in `SignedHeaders` (`SignatureDoesNotMatch`);
/// 6. the credentials' expiration (`ExpiredToken`).
///
/// The canonical request comes from ``ReceivedRequest/canonicalRequest(signedHeaders:)``;
/// signatures and tokens are compared in constant time.
public struct SigV4HMACVerifier: Sendable {
    /// The only algorithm accepted.
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// The service the credential scope must name.
    public var service: String
    /// How far `X-Amz-Date` may be from now, either way; AWS allows 15 minutes.
    public var allowedClockSkew: TimeInterval

    /// The region the credential scope must name; nil accepts any well-formed region.
    public var region: String?

    public init(service: String = "sts", region: String? = nil, allowedClockSkew: TimeInterval = 15 * 60) {
        self.service = service
        self.region = region
        self.allowedClockSkew = allowedClockSkew
    }

    /// Authenticates `request`.
    ///
    /// - Parameters:
    ///   - request: The request as received.
    ///   - now: The verifier's clock.
    ///   - lookup: Finds issued credentials by access key ID.
    /// - Returns: The credentials that signed the request, or the error AWS would answer with.
    public func verify(
        _ request: ReceivedRequest,
        now: Date,
        lookup: (String) -> STSCredentialRecord?
    ) -> Result<STSCredentialRecord, STSError> {
        do {
            return .success(try authenticate(request, now: now, lookup: lookup))
        } catch {
            return .failure(error)
        }
    }

    private func authenticate(
        _ request: ReceivedRequest,
        now: Date,
        lookup: (String) -> STSCredentialRecord?
    ) throws(STSError) -> STSCredentialRecord {
        guard let authorizationValue = request.header("Authorization") else {
            throw .missingAuthenticationToken()
        }
        let amzDate = request.header("X-Amz-Date")?.trimmingSpaces
        let authorization = try AuthorizationHeader.parse(authorizationValue, hasDateHeader: amzDate != nil)
        let signedAt = try checkScope(authorization, amzDate: amzDate ?? "")
        try checkClock(signedAt: signedAt, amzDate: amzDate ?? "", now: now)

        guard let record = lookup(authorization.accessKeyID) else { throw .invalidClientTokenID() }
        let providedToken = request.header("X-Amz-Security-Token")?.trimmingSpaces ?? ""
        guard ConstantTime.equals(providedToken, record.sessionToken) else { throw .invalidClientTokenID() }

        guard let canonicalRequest = request.canonicalRequest(signedHeaders: authorization.signedHeaders) else {
            throw .signatureDoesNotMatch()
        }
        let stringToSign = Self.stringToSign(
            amzDate: amzDate ?? "", credentialScope: authorization.credentialScope, canonicalRequest: canonicalRequest
        )
        let key = Self.signingKey(
            secretAccessKey: record.secretAccessKey, date: authorization.scopeDate,
            region: authorization.region, service: authorization.service
        )
        guard Self.isValidSignature(authorization.signature, stringToSign: stringToSign, key: key) else {
            throw .signatureDoesNotMatch()
        }

        guard now < record.expiration else { throw .expiredToken() }
        return record
    }

    /// Checks the date format and the credential scope; returns the signing date.
    private func checkScope(_ authorization: AuthorizationHeader, amzDate: String) throws(STSError) -> Date {
        guard let signedAt = AmzDate(parsing: amzDate)?.date else {
            throw .incompleteSignature(
                "Date must be in ISO-8601 'basic format'. Got '\(amzDate)'. See http://en.wikipedia.org/wiki/ISO_8601"
            )
        }
        let day = String(amzDate.prefix(8))
        guard authorization.scopeDate == day else {
            throw STSError(
                code: .signatureDoesNotMatch,
                message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                    + "'\(authorization.scopeDate)' != '\(day)', from '\(amzDate)'."
            )
        }
        guard authorization.terminator == "aws4_request" else {
            throw STSError(
                code: .signatureDoesNotMatch,
                message: "Credential should be scoped with a valid terminator: 'aws4_request', "
                    + "not '\(authorization.terminator)'."
            )
        }
        guard authorization.service == service else {
            throw STSError(
                code: .signatureDoesNotMatch, message: "Credential should be scoped to correct service: '\(service)'."
            )
        }
        guard Self.isWellFormedRegion(authorization.region) else {
            throw STSError(code: .signatureDoesNotMatch, message: "Credential should be scoped to a valid region.")
        }
        if let region, authorization.region != region {
            throw STSError(
                code: .signatureDoesNotMatch,
                message: "Credential should be scoped to a valid region, not '\(authorization.region)'. This service is in '\(region)'.")
        }
        guard authorization.signedHeaders.contains(where: { $0.caseInsensitiveEquals("host") }) else {
            throw .incompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        }
        return signedAt
    }

    private func checkClock(signedAt: Date, amzDate: String, now: Date) throws(STSError) {
        if now.timeIntervalSince(signedAt) > allowedClockSkew {
            throw .signatureExpired(signedAt: amzDate, now: now, allowedSkew: allowedClockSkew)
        }
        if signedAt.timeIntervalSince(now) > allowedClockSkew {
            throw .signatureNotYetCurrent(signedAt: amzDate, now: now, allowedSkew: allowedClockSkew)
        }
    }

    /// Lowercase words joined by `-`, ending in a number: `us-east-1`, `us-gov-west-1`, `eusc-de-east-1`.
    static func isWellFormedRegion(_ region: String) -> Bool {
        let words = region.split(separator: "-", omittingEmptySubsequences: false)
        guard words.count >= 2, region.utf8.count <= 64, let number = words.last, !number.isEmpty,
            number.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return false }
        return words.dropLast().allSatisfy { word in
            !word.isEmpty && word.allSatisfy { $0.isASCII && $0.isLowercase }
        }
    }
}
