import XCTest

@testable import RolesAnywhereEmulator

final class X509AuthorizationHeaderTests: XCTestCase {
    private static let valid =
        "AWS4-X509-RSA-SHA256 Credential=21/20240706/us-east-2/rolesanywhere/aws4_request, "
        + "SignedHeaders=content-type;host;x-amz-date;x-amz-x509, Signature=00ff7a"

    func testParsesEveryField() throws {
        let header = try XCTUnwrap(X509AuthorizationHeader(Self.valid))
        XCTAssertEqual(header.algorithm, "AWS4-X509-RSA-SHA256")
        XCTAssertEqual(header.keyFamily, .rsa)
        XCTAssertEqual(header.serial, "21")
        XCTAssertEqual(header.date, "20240706")
        XCTAssertEqual(header.region, "us-east-2")
        XCTAssertEqual(header.service, "rolesanywhere")
        XCTAssertEqual(header.signedHeaders, ["content-type", "host", "x-amz-date", "x-amz-x509"])
        XCTAssertEqual(header.signature, [0x00, 0xFF, 0x7A])
        XCTAssertEqual(header.credentialScope, "20240706/us-east-2/rolesanywhere/aws4_request")
    }

    func testAcceptsTheECDSAAlgorithmNamesOfBothClients() throws {
        for name in ["AWS4-X509-ECDSA-SHA256", "AWS4-X509-ECDSA-SHA384", "AWS4-X509-ECDSA-SHA512"] {
            let value = Self.valid.replacingOccurrences(of: "AWS4-X509-RSA-SHA256", with: name)
            let header = try XCTUnwrap(X509AuthorizationHeader(value), name)
            XCTAssertEqual(header.algorithm, name)
            XCTAssertEqual(header.keyFamily, .ecdsa)
        }
    }

    func testAcceptsFieldsWithoutSpacesAfterCommas() throws {
        let compact = Self.valid.replacingOccurrences(of: ", ", with: ",")
        XCTAssertEqual(X509AuthorizationHeader(compact), X509AuthorizationHeader(Self.valid))
    }

    func testRefusesMalformedHeaders() {
        let malformed: [(String, String)] = [
            ("no space", "AWS4-X509-RSA-SHA256"),
            ("HMAC", Self.valid.replacingOccurrences(of: "AWS4-X509-RSA-SHA256", with: "AWS4-HMAC-SHA256")),
            ("SHA-1", Self.valid.replacingOccurrences(of: "SHA256", with: "SHA1")),
            ("no Credential", Self.valid.replacingOccurrences(of: "Credential=", with: "Cred=")),
            ("no SignedHeaders", Self.valid.replacingOccurrences(of: "SignedHeaders=", with: "Headers=")),
            ("no Signature", Self.valid.replacingOccurrences(of: ", Signature=00ff7a", with: "")),
            ("empty signature", Self.valid.replacingOccurrences(of: "Signature=00ff7a", with: "Signature=")),
            ("odd hex", Self.valid.replacingOccurrences(of: "Signature=00ff7a", with: "Signature=00ff7")),
            ("upper-case hex", Self.valid.replacingOccurrences(of: "Signature=00ff7a", with: "Signature=00FF7A")),
            ("non-hex", Self.valid.replacingOccurrences(of: "Signature=00ff7a", with: "Signature=00ff7g")),
            ("short scope", Self.valid.replacingOccurrences(of: "/aws4_request", with: "")),
            ("wrong terminator", Self.valid.replacingOccurrences(of: "aws4_request", with: "aws4_req")),
            ("hex serial", Self.valid.replacingOccurrences(of: "Credential=21/", with: "Credential=1f/")),
            ("empty serial", Self.valid.replacingOccurrences(of: "Credential=21/", with: "Credential=/")),
            ("upper-case header name", Self.valid.replacingOccurrences(of: ";host;", with: ";Host;")),
            ("field without =", Self.valid + ", Extra"),
        ]
        for (why, value) in malformed {
            XCTAssertNil(X509AuthorizationHeader(value), why)
        }
    }
}
