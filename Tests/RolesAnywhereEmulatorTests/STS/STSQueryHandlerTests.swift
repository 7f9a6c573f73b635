import Foundation
import XCTest

@testable import RolesAnywhereEmulator

final class STSQueryHandlerTests: XCTestCase {
    private let handler = STSQueryHandler(makeRequestID: { Fixture.requestID })
    private static let prefix = #"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>"#
    private static let suffix = "</Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>"

    private func handle(
        _ request: ReceivedRequest, now: Date = Fixture.signedAt,
        lookup: (String) -> STSCredentialRecord? = Fixture.lookup
    ) -> STSResponse {
        handler.handle(request, now: now, lookup: lookup)
    }

    private func assertError(
        _ response: STSResponse, status: Int, code: String, message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(response.status, status, file: file, line: line)
        XCTAssertEqual(response.contentType, "text/xml", file: file, line: line)
        XCTAssertEqual(response.headers.map(\.0), ["x-amzn-RequestId"], file: file, line: line)
        XCTAssertEqual(response.headers.map(\.1), [Fixture.requestID], file: file, line: line)
        XCTAssertEqual(
            response.body, Self.prefix + "<Code>\(code)</Code><Message>\(message)</Message>" + Self.suffix,
            file: file, line: line)
    }

    func testGetCallerIdentity() throws {
        let response = handle(try Botocore.sign().received)
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.contentType, "text/xml")
        XCTAssertEqual(response.headers.map(\.0), ["x-amzn-RequestId"])
        XCTAssertEqual(response.headers.map(\.1), [Fixture.requestID])
        XCTAssertEqual(
            response.body,
            #"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>"#
                + "<Arn>arn:aws:sts::123456789012:assumed-role/Developer/alice</Arn>"
                + "<UserId>AROAEXAMPLEROLEID:alice</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
                + "<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>"
                + "</GetCallerIdentityResponse>")
    }

    func testGetCallerIdentityWithParametersInTheQueryString() throws {
        var spec = Botocore.Spec()
        spec.method = "GET"
        spec.query = "Action=GetCallerIdentity&Version=2011-06-15"
        spec.body = ""
        spec.headers = ["User-Agent": "test"]
        XCTAssertEqual(handle(try Botocore.sign(spec).received).status, 200)
    }

    func testFormBodyWithPlusAndPercentEscapes() throws {
        var spec = Botocore.Spec()
        spec.body = "Action=GetCallerIdentity&Version=2011-06-15&Note=a+b%2Bc%26d"
        XCTAssertEqual(handle(try Botocore.sign(spec).received).status, 200)
        let parameters = STSQueryParameters(try Botocore.sign(spec).received)
        XCTAssertEqual(parameters["Note"], "a b+c&d")
        XCTAssertEqual(parameters["Action"], "GetCallerIdentity")
    }

    func testEscapesTextValues() throws {
        var odd = Fixture.record
        odd.assumedRoleARN = "arn:aws:sts::123456789012:assumed-role/R&D/<alice>"
        odd.userID = "AROA:\"q\" 'a'"
        let response = handle(try Botocore.sign().received, lookup: { _ in odd })
        XCTAssertTrue(
            response.body.contains(
                "<Arn>arn:aws:sts::123456789012:assumed-role/R&amp;D/&lt;alice&gt;</Arn>"
                    + "<UserId>AROA:&quot;q&quot; &apos;a&apos;</UserId>"),
            response.body)
    }

    func testInvalidClientTokenId() throws {
        let response = handle(try Botocore.sign().received, lookup: { _ in nil })
        assertError(
            response, status: 403, code: "InvalidClientTokenId",
            message: "The security token included in the request is invalid.")
    }

    func testSignatureDoesNotMatch() throws {
        var spec = Botocore.Spec()
        spec.secretAccessKey = "another/secret/key/EXAMPLEEXAMPLEEXAMPLE"
        assertError(
            handle(try Botocore.sign(spec).received), status: 403, code: "SignatureDoesNotMatch",
            message: "The request signature we calculated does not match the signature you provided. "
                + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
    }

    func testSignatureExpired() throws {
        assertError(
            handle(try Botocore.sign().received, now: Fixture.signedAt.addingTimeInterval(16 * 60)),
            status: 403, code: "SignatureDoesNotMatch",
            message: "Signature expired: 20251211T153425Z is now earlier than 20251211T153525Z "
                + "(20251211T155025Z - 15 min.)")
    }

    func testExpiredToken() throws {
        var expired = Fixture.record
        expired.expiration = Fixture.signedAt
        assertError(
            handle(try Botocore.sign().received, lookup: { _ in expired }), status: 400, code: "ExpiredToken",
            message: "The security token included in the request is expired")
    }

    func testMissingAuthenticationToken() throws {
        let request = try Botocore.sign().received.replacingHeader("Authorization", with: nil)
        assertError(
            handle(request), status: 403, code: "MissingAuthenticationToken",
            message: "Request is missing Authentication Token")
    }

    func testIncompleteSignature() throws {
        let request = try Botocore.sign().received.replacingHeader("Authorization", with: "AWS4-HMAC-SHA256 x=<y>")
        assertError(
            handle(request), status: 403, code: "IncompleteSignature",
            message: "Authorization header requires &apos;Credential&apos; parameter. "
                + "Authorization header requires &apos;Signature&apos; parameter. "
                + "Authorization header requires &apos;SignedHeaders&apos; parameter. "
                + "Authorization=AWS4-HMAC-SHA256 x=&lt;y&gt;")
    }

    func testInvalidAction() throws {
        var spec = Botocore.Spec()
        spec.body = "Action=AssumeRole&Version=2011-06-15&RoleArn=arn"
        assertError(
            handle(try Botocore.sign(spec).received), status: 400, code: "InvalidAction",
            message: "Could not find operation AssumeRole for version 2011-06-15")
        spec.body = "Action=GetCallerIdentity"
        assertError(
            handle(try Botocore.sign(spec).received), status: 400, code: "InvalidAction",
            message: "Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED")
    }

    func testMissingAction() throws {
        var spec = Botocore.Spec()
        spec.body = "Version=2011-06-15"
        assertError(
            handle(try Botocore.sign(spec).received), status: 400, code: "MissingAction",
            message: "The request is missing an action or a required parameter.")
    }

    func testAuthenticationComesBeforeTheAction() throws {
        var spec = Botocore.Spec()
        spec.body = "Action=AssumeRole&Version=2011-06-15"
        let request = try Botocore.sign(spec).received.replacingHeader("Authorization", with: nil)
        XCTAssertEqual(handle(request).status, 403)
    }

    func testDefaultRequestIDsAreFreshUUIDs() throws {
        let handler = STSQueryHandler()
        let request = try Botocore.sign().received
        let first = handler.handle(request, now: Fixture.signedAt, lookup: Fixture.lookup)
        let second = handler.handle(request, now: Fixture.signedAt, lookup: Fixture.lookup)
        let firstID = try XCTUnwrap(first.headers.first { $0.0 == "x-amzn-RequestId" }?.1)
        let secondID = try XCTUnwrap(second.headers.first { $0.0 == "x-amzn-RequestId" }?.1)
        XCTAssertNotNil(UUID(uuidString: firstID))
        XCTAssertEqual(firstID, firstID.lowercased())
        XCTAssertNotEqual(firstID, secondID)
        XCTAssertTrue(first.body.contains("<RequestId>\(firstID)</RequestId>"))
    }
}
