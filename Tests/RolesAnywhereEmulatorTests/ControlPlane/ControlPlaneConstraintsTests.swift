@testable import RolesAnywhereEmulator
import XCTest

/// The control plane's validation messages, in AWS's shape, compared whole.
final class ControlPlaneConstraintsTests: XCTestCase {
    private func message(_ fill: (inout ControlPlaneError.Constraints) -> Void) -> String? {
        var constraints = ControlPlaneError.Constraints()
        fill(&constraints)
        do {
            try constraints.done()
            return nil
        } catch {
            return error.message
        }
    }

    func testOneFailureIsOneValidationError() {
        XCTAssertEqual(
            message { $0.range(50_000, at: "durationSeconds", 900...43_200) },
            "1 validation error detected: Value '50000' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200")
    }

    func testSeveralFailuresAreCountedAndJoined() {
        XCTAssertEqual(
            message {
                $0.name("bad/name", at: "name", required: true)
                $0.oneOf("OTHER", at: "source.sourceType", ["AWS_ACM_PCA", "CERTIFICATE_BUNDLE"])
            },
            "2 validation errors detected: Value 'bad/name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[ a-zA-Z0-9-_]*$; "
                + "Value 'OTHER' at 'source.sourceType' failed to satisfy constraint: Member must satisfy enum value set: [AWS_ACM_PCA, CERTIFICATE_BUNDLE]")
    }

    func testAMissingRequiredMemberIsNull() {
        XCTAssertEqual(
            message { $0.name(nil, at: "name", required: true) },
            "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null")
    }

    func testGoodInputPasses() {
        XCTAssertNil(message {
            $0.name("corp anchor-1_x", at: "name", required: true)
            $0.range(3600, at: "durationSeconds", 900...43_200)
        })
    }

    func testTheSourceIdentityFollowsAWSsRules() {
        XCTAssertEqual(CredentialIssuer.sourceIdentity(commonName: "web", serialHex: "0a"), "CN=web")
        XCTAssertEqual(CredentialIssuer.sourceIdentity(commonName: String(repeating: "a", count: 61), serialHex: "0a"), "CN=" + String(repeating: "a", count: 61))
        XCTAssertEqual(CredentialIssuer.sourceIdentity(commonName: String(repeating: "b", count: 62), serialHex: "0a"), String(repeating: "b", count: 62))
        XCTAssertEqual(CredentialIssuer.sourceIdentity(commonName: nil, serialHex: "0a1b"), "ID=0a1b")
    }
}
