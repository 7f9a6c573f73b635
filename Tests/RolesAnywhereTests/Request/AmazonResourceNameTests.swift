import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class AmazonResourceNameTests: XCTestCase {
    func testValidARNsOfEachKind() throws {
        let anchor = try AmazonResourceName(parsing: TestVectors.trustAnchorARN, as: .trustAnchor)
        XCTAssertEqual(anchor.region, "us-east-2")
        XCTAssertEqual(anchor.accountID, "291738886548")
        XCTAssertEqual(anchor.resourceID, "a545a1fc-5d86-4032-8f4c-61cdd6ff92da")
        let role = try AmazonResourceName(parsing: "arn:aws-cn:iam::123456789012:role/path/to/Admin", as: .role)
        XCTAssertEqual(role.resourceName, "Admin")
        XCTAssertEqual(role.partition, "aws-cn")
    }

    func testEachMalformedARNNamesItsFlagAndTheProblem() {
        let cases: [(String, AmazonResourceName.Kind, String)] = [
            ("not-an-arn", .trustAnchor, "--trust-anchor-arn 'not-an-arn' is not a valid ARN: it must have six ':'-separated fields starting with 'arn'"),
            ("arn:aws:rolesanywhere:us-east-1:12345:profile/x", .profile, "the account id must be 12 digits"),
            ("arn:aws:iam::123456789012:role/x", .profile, "the service must be 'rolesanywhere'"),
            ("arn:aws:rolesanywhere::123456789012:profile/x", .profile, "the region is empty or malformed"),
            ("arn:aws:iam:us-east-1:123456789012:role/x", .role, "an IAM role ARN has no region"),
            ("arn:aws:rolesanywhere:us-east-1:123456789012:profile/x", .trustAnchor, "the resource must start with 'trust-anchor/'"),
            ("arn:aws:iam::123456789012:role/", .role, "the resource must start with 'role/' and name one"),
        ]
        for (value, kind, fragment) in cases {
            XCTAssertThrowsError(try AmazonResourceName(parsing: value, as: kind)) { error in
                let error = error as? RolesAnywhereError
                XCTAssertEqual(error?.code, .invalidARN)
                XCTAssertTrue(error?.commandLineMessage.contains(fragment) == true, "\(value): \(error?.commandLineMessage ?? "")")
            }
        }
    }
}
