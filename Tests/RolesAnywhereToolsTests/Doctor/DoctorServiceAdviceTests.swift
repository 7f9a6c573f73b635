import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class DoctorServiceAdviceTests: XCTestCase {
    func testTheServicesAnswersAreExplained() {
        let untrusted = DoctorServiceAdvice(RolesAnywhereError(
            .serviceRefused, "the service refused the request: AccessDeniedException: Untrusted signing certificate - is the CA of this certificate a trust anchor?"))
        XCTAssertEqual(untrusted.detail, "the service refused the request: AccessDeniedException: Untrusted signing certificate")
        XCTAssertTrue(untrusted.fix?.contains("register the CA that issued it as the trust anchor") == true)
        let missing = DoctorServiceAdvice(RolesAnywhereError(
            .serviceRefused, "the service refused the request: ResourceNotFoundException: Specified Trust Anchor wasn't found. - check the ARNs and the region"))
        XCTAssertTrue(missing.fix?.contains("--trust-anchor-arn") == true)
        let role = DoctorServiceAdvice(RolesAnywhereError(
            .serviceRefused, "the service refused the request: AccessDeniedException: Requested Role isn't one of those listed in the Profile."))
        XCTAssertTrue(role.fix?.contains("add the role to the profile") == true)
        let down = DoctorServiceAdvice(RolesAnywhereError(.serviceUnavailable, "the service failed with HTTP 503; try again later"))
        XCTAssertTrue(down.fix?.contains("service's status") == true)
    }
}
