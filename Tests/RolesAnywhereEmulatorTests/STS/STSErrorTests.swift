import XCTest

@testable import RolesAnywhereEmulator

final class STSErrorTests: XCTestCase {
    func testCodesCarryTheirAWSNameAndStatus() {
        let expected: [(STSError.ErrorCode, String, Int)] = [
            (.invalidClientTokenId, "InvalidClientTokenId", 403),
            (.signatureDoesNotMatch, "SignatureDoesNotMatch", 403),
            (.expiredToken, "ExpiredToken", 400),
            (.incompleteSignature, "IncompleteSignature", 403),
            (.missingAuthenticationToken, "MissingAuthenticationToken", 403),
            (.invalidAction, "InvalidAction", 400),
            (.missingAction, "MissingAction", 400),
            (.internalFailure, "InternalFailure", 500),
        ]
        for (code, name, status) in expected {
            XCTAssertEqual(code.awsCode, name)
            XCTAssertEqual(code.httpStatus, status)
        }
    }

    func testTheCodeSetIsOpen() {
        let throttling = STSError.ErrorCode(awsCode: "Throttling", httpStatus: 400)
        XCTAssertEqual(
            STSError(code: throttling, message: "Rate exceeded").xml(requestID: "id"),
            #"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>"#
                + "<Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>id</RequestId></ErrorResponse>")
    }

    func testServerErrorsAreReceiverFaults() {
        XCTAssertTrue(
            STSError(code: .internalFailure, message: "x").xml(requestID: "id").contains("<Type>Receiver</Type>"))
    }

    func testXMLEscapesEveryTextValue() {
        let error = STSError(code: STSError.ErrorCode(awsCode: "A&B", httpStatus: 400), message: "<\"x\" & 'y'>\u{1}\r")
        XCTAssertEqual(
            error.xml(requestID: "<id>"),
            #"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>"#
                + "<Code>A&amp;B</Code><Message>&lt;&quot;x&quot; &amp; &apos;y&apos;&gt;\u{FFFD}&#xD;</Message>"
                + "</Error><RequestId>&lt;id&gt;</RequestId></ErrorResponse>")
    }
}
