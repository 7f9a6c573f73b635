import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

/// Refusals: AWS's terse message with a hint, or the local service's precise reason when it sends one.
final class ResponseInterpreterTests: XCTestCase {
    private let body = Array(#"{"message":"Untrusted signing certificate"}"#.utf8)

    private func message(reason: String?) -> String? {
        guard case .failure(let failure) = ResponseInterpreter.interpret(
            status: 403, errorType: "AccessDeniedException", reason: reason, body: body)
        else { return nil }
        XCTAssertFalse(failure.isRetryable)
        XCTAssertEqual(failure.error.code, .serviceRefused)
        return failure.error.message
    }

    func testAWSRefusalGetsTheHint() {
        XCTAssertEqual(
            message(reason: nil),
            "the service refused the request: AccessDeniedException: Untrusted signing certificate - is the CA of this certificate a trust anchor?")
    }

    func testTheEmulatorsReasonReplacesTheHint() {
        XCTAssertEqual(
            message(reason: "the certificate CN=x with serial 7 is revoked by the CRL of CN=Root"),
            "the service refused the request: AccessDeniedException: Untrusted signing certificate - the emulator's reason: the certificate CN=x with serial 7 is revoked by the CRL of CN=Root")
    }
}
