import Foundation
import XCTest

@testable import RolesAnywhereEmulator

final class SigV4HMACVerifierTests: XCTestCase {
    private let verifier = SigV4HMACVerifier()

    private func verify(
        _ request: ReceivedRequest, now: Date = Fixture.signedAt,
        lookup: (String) -> STSCredentialRecord? = Fixture.lookup
    ) -> Result<STSCredentialRecord, STSError> {
        verifier.verify(request, now: now, lookup: lookup)
    }

    private func assertRejected(
        _ result: Result<STSCredentialRecord, STSError>, _ code: STSError.ErrorCode, _ message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        switch result {
        case .success(let record): XCTFail("accepted as \(record)", file: file, line: line)
        case .failure(let error): XCTAssertEqual(error, STSError(code: code, message: message), file: file, line: line)
        }
    }

    private static let signatureMismatch =
        "The request signature we calculated does not match the signature you provided. "
        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
    private static let invalidToken = "The security token included in the request is invalid."

    func testCanonicalRequestAndStringToSignMatchBotocore() throws {
        let signed = try Botocore.sign()
        let request = signed.received
        let signedHeaders = ["content-type", "host", "x-amz-date", "x-amz-security-token"]
        let canonical = try XCTUnwrap(request.canonicalRequest(signedHeaders: signedHeaders))
        XCTAssertEqual(canonical, signed.canonicalRequest)
        XCTAssertEqual(
            SigV4HMACVerifier.stringToSign(
                amzDate: Fixture.amzDate, credentialScope: "20251211/us-east-1/sts/aws4_request",
                canonicalRequest: canonical),
            signed.stringToSign)
        XCTAssertTrue(
            request.header("Authorization")!.hasPrefix(
                "AWS4-HMAC-SHA256 Credential=ASIAEMULATOREXAMPLE1/20251211/us-east-1/sts/aws4_request, "
                    + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature="))
    }

    func testAcceptsTheRequestBotocoreSigned() throws {
        XCTAssertEqual(try verify(Botocore.sign().received).get(), Fixture.record)
    }

    func testAcceptsAnyWellFormedRegion() throws {
        for region in ["eu-central-2", "us-gov-west-1", "cn-northwest-1", "eusc-de-east-1"] {
            var spec = Botocore.Spec()
            spec.region = region
            XCTAssertEqual(try verify(Botocore.sign(spec).received).get(), Fixture.record, region)
        }
    }

    func testIgnoresUnsignedHeaders() throws {
        let request = try Botocore.sign().received
            .replacingHeader("User-Agent", with: "something else entirely")
            .replacingHeader("amz-sdk-invocation-id", with: "0b9a8f1e-0000-4000-8000-000000000000")
            .replacingHeader("Accept-Encoding", with: "identity")
        XCTAssertEqual(try verify(request).get(), Fixture.record)
    }

    func testAcceptsDatesExactlyFifteenMinutesOff() throws {
        let request = try Botocore.sign().received
        XCTAssertNoThrow(try verify(request, now: Fixture.signedAt.addingTimeInterval(900)).get())
        XCTAssertNoThrow(try verify(request, now: Fixture.signedAt.addingTimeInterval(-900)).get())
    }

    func testRejectsAFlippedSignatureByte() throws {
        let request = try Botocore.sign().received
        let authorization = request.header("Authorization")!
        let last = authorization.last!
        let flipped = String(authorization.dropLast()) + (last == "0" ? "1" : "0")
        assertRejected(
            verify(request.replacingHeader("Authorization", with: flipped)),
            .signatureDoesNotMatch, Self.signatureMismatch)
    }

    func testRejectsAnotherSecret() throws {
        var spec = Botocore.Spec()
        spec.secretAccessKey = "another/secret/key/EXAMPLEEXAMPLEEXAMPLE"
        assertRejected(verify(try Botocore.sign(spec).received), .signatureDoesNotMatch, Self.signatureMismatch)
    }

    func testRejectsATamperedBody() throws {
        var request = try Botocore.sign().received
        request.body = Array("Action=GetCallerIdentity&Version=2011-06-15&X=1".utf8)
        assertRejected(verify(request), .signatureDoesNotMatch, Self.signatureMismatch)
    }

    func testRejectsATamperedSignedHeader() throws {
        let request = try Botocore.sign().received.replacingHeader("Host", with: "127.0.0.1:9443")
        assertRejected(verify(request), .signatureDoesNotMatch, Self.signatureMismatch)
    }

    func testRejectsAnUnknownAccessKey() throws {
        var spec = Botocore.Spec()
        spec.accessKeyID = "ASIAUNKNOWNEXAMPLE99"
        assertRejected(verify(try Botocore.sign(spec).received), .invalidClientTokenId, Self.invalidToken)
    }

    func testRejectsAWrongSecurityToken() throws {
        var spec = Botocore.Spec()
        spec.sessionToken = "IQoJb3JpZ2luX2VjEXAMPLE+another/token"
        assertRejected(verify(try Botocore.sign(spec).received), .invalidClientTokenId, Self.invalidToken)
    }

    func testRejectsAMissingSecurityToken() throws {
        var spec = Botocore.Spec()
        spec.sessionToken = nil
        let request = try Botocore.sign(spec).received
        XCTAssertNil(request.header("X-Amz-Security-Token"))
        assertRejected(verify(request), .invalidClientTokenId, Self.invalidToken)
    }

    func testRejectsADateSixteenMinutesOld() throws {
        let request = try Botocore.sign().received
        assertRejected(
            verify(request, now: Fixture.signedAt.addingTimeInterval(16 * 60)),
            .signatureDoesNotMatch,
            "Signature expired: 20251211T153425Z is now earlier than 20251211T153525Z (20251211T155025Z - 15 min.)")
    }

    func testRejectsADateSixteenMinutesAhead() throws {
        let request = try Botocore.sign().received
        assertRejected(
            verify(request, now: Fixture.signedAt.addingTimeInterval(-16 * 60)),
            .signatureDoesNotMatch,
            "Signature not yet current: 20251211T153425Z is still later than 20251211T153325Z "
                + "(20251211T151825Z + 15 min.)")
    }

    func testClockIsCheckedBeforeTheAccessKey() throws {
        var spec = Botocore.Spec()
        spec.accessKeyID = "ASIAUNKNOWNEXAMPLE99"
        assertRejected(
            verify(try Botocore.sign(spec).received, now: Fixture.signedAt.addingTimeInterval(3600)),
            .signatureDoesNotMatch,
            "Signature expired: 20251211T153425Z is now earlier than 20251211T161925Z (20251211T163425Z - 15 min.)")
    }

    func testRejectsExpiredCredentials() throws {
        var expired = Fixture.record
        expired.expiration = Fixture.signedAt.addingTimeInterval(-1)
        let request = try Botocore.sign().received
        assertRejected(
            verify(request, lookup: { _ in expired }),
            .expiredToken, "The security token included in the request is expired")
    }

    func testBadSignatureWinsOverExpiredCredentials() throws {
        var expired = Fixture.record
        expired.expiration = Fixture.signedAt
        var spec = Botocore.Spec()
        spec.secretAccessKey = "another/secret/key/EXAMPLEEXAMPLEEXAMPLE"
        assertRejected(
            verify(try Botocore.sign(spec).received, lookup: { _ in expired }),
            .signatureDoesNotMatch, Self.signatureMismatch)
    }

    func testRejectsAMissingAuthorizationHeader() throws {
        let request = try Botocore.sign().received.replacingHeader("Authorization", with: nil)
        assertRejected(verify(request), .missingAuthenticationToken, "Request is missing Authentication Token")
    }

    func testRejectsMalformedAuthorizationHeaders() throws {
        let request = try Botocore.sign().received
        let signature = String(request.header("Authorization")!.suffix(64))
        let cases: [(String, STSError.ErrorCode, String)] = [
            (
                "AWS4-HMAC-SHA256 Credential=ASIAEMULATOREXAMPLE1/20251211/us-east-1/sts/aws4_request",
                .incompleteSignature,
                "Authorization header requires 'Signature' parameter. "
                    + "Authorization header requires 'SignedHeaders' parameter. "
                    + "Authorization=AWS4-HMAC-SHA256 Credential=ASIAEMULATOREXAMPLE1/20251211/us-east-1/sts/aws4_request"
            ),
            (
                "Bearer abc", .incompleteSignature, "Unsupported AWS 'algorithm': 'Bearer'. Authorization=Bearer abc"
            ),
            (
                "AWS4-HMAC-SHA256 Credential=ASIAEMULATOREXAMPLE1/us-east-1/sts/aws4_request, "
                    + "SignedHeaders=host;x-amz-date, Signature=\(signature)",
                .incompleteSignature,
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                    + "got 'ASIAEMULATOREXAMPLE1/us-east-1/sts/aws4_request'"
            ),
            (
                "AWS4-HMAC-SHA256 Credential=ASIAEMULATOREXAMPLE1/20251211/us-east-1/s3/aws4_request, "
                    + "SignedHeaders=host;x-amz-date, Signature=\(signature)",
                .signatureDoesNotMatch, "Credential should be scoped to correct service: 'sts'."
            ),
            (
                "AWS4-HMAC-SHA256 Credential=ASIAEMULATOREXAMPLE1/20251211/US_EAST/sts/aws4_request, "
                    + "SignedHeaders=host;x-amz-date, Signature=\(signature)",
                .signatureDoesNotMatch, "Credential should be scoped to a valid region."
            ),
            (
                "AWS4-HMAC-SHA256 Credential=ASIAEMULATOREXAMPLE1/20251210/us-east-1/sts/aws4_request, "
                    + "SignedHeaders=host;x-amz-date, Signature=\(signature)",
                .signatureDoesNotMatch,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                    + "'20251210' != '20251211', from '20251211T153425Z'."
            ),
            (
                "AWS4-HMAC-SHA256 Credential=ASIAEMULATOREXAMPLE1/20251211/us-east-1/sts/aws4_request, "
                    + "SignedHeaders=content-type;x-amz-date, Signature=\(signature)",
                .incompleteSignature, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
            ),
        ]
        for (authorization, code, message) in cases {
            assertRejected(verify(request.replacingHeader("Authorization", with: authorization)), code, message)
        }
    }

    func testRejectsAMissingOrMalformedDate() throws {
        let request = try Botocore.sign().received
        let authorization = request.header("Authorization")!
        assertRejected(
            verify(request.replacingHeader("X-Amz-Date", with: nil)), .incompleteSignature,
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                + "Authorization=\(authorization)")
        assertRejected(
            verify(request.replacingHeader("X-Amz-Date", with: "20251311T153425Z")), .incompleteSignature,
            "Date must be in ISO-8601 'basic format'. Got '20251311T153425Z'. See http://en.wikipedia.org/wiki/ISO_8601")
    }

    func testSigningKeyMatchesAWSDocumentation() {
        // The derivation example of AWS's "Deriving the signing key" documentation.
        let key = SigV4HMACVerifier.signingKey(
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", date: "20120215", region: "us-east-1",
            service: "iam")
        XCTAssertEqual(
            key.withUnsafeBytes { $0.hexString },
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    func testRegionShapes() {
        for region in ["us-east-1", "us-gov-west-1", "us-isob-east-1", "eusc-de-east-1", "ap-southeast-5"] {
            XCTAssertTrue(SigV4HMACVerifier.isWellFormedRegion(region), region)
        }
        for region in ["", "us", "us-east", "US-EAST-1", "us-east-1a", "us--east-1", "-1", "us_east-1"] {
            XCTAssertFalse(SigV4HMACVerifier.isWellFormedRegion(region), region)
        }
    }
}
