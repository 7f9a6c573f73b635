import Crypto
import Foundation
import X509
import XCTest
import _CryptoExtras

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class SigV4X509SignerTests: XCTestCase {
    private func rsaBackend() -> FileKeyBackend {
        FileKeyBackend(
            certificatePath: TestVectors.path("rsa-cert.pem"),
            privateKeyPath: TestVectors.path("rsa-key.pem"),
            clock: { Date(timeIntervalSince1970: 1_720_265_939) })
    }

    private func vectorRequest() throws -> CreateSessionRequest {
        try CreateSessionRequest(
            trustAnchorARN: TestVectors.trustAnchorARN,
            profileARN: TestVectors.profileARN,
            roleARN: TestVectors.roleARN,
            region: "us-east-2",
            durationSeconds: 3600,
            endpoint: "https://127.0.0.1:8080")
    }

    /// 2024-07-06T11:38:59Z, the X-Amz-Date of the official helper's capture.
    private let vectorDate = Date(timeIntervalSince1970: 1_720_265_939)

    func testRSAAuthorizationHeaderEqualsTheOfficialHelpers() async throws {
        let identity = try await rsaBackend().loadIdentity()
        let signed = try await SigV4X509Signer().sign(try vectorRequest(), identity: identity, date: vectorDate)
        let signature = try TestVectors.text("rsa-signature.hex").trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(
            signed.authorization,
            "AWS4-X509-RSA-SHA256 Credential=21/20240706/us-east-2/rolesanywhere/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-x509, Signature=\(signature)"
        )
        XCTAssertEqual(signed.stringToSign.text, try TestVectors.text("rsa-string-to-sign.txt"))
        XCTAssertEqual(signed.canonicalRequest.hash, "0341377207232aa5da02d53ac67e71211fab7a4dd4cfc5f63c6121b17f540268")
    }

    func testRSAQueryAndBodyMatchTheCapture() async throws {
        let identity = try await rsaBackend().loadIdentity()
        let signed = try await SigV4X509Signer().sign(try vectorRequest(), identity: identity, date: vectorDate)
        XCTAssertEqual(
            signed.pathAndQuery,
            "/sessions?profileArn=arn%3Aaws%3Arolesanywhere%3Aus-east-2%3A291738886548%3Aprofile%2F6f4943fb-13d4-4242-89c4-be367595c380&roleArn=arn%3Aaws%3Aiam%3A%3A291738886548%3Arole%2Frolesanywhere1&trustAnchorArn=arn%3Aaws%3Arolesanywhere%3Aus-east-2%3A291738886548%3Atrust-anchor%2Fa545a1fc-5d86-4032-8f4c-61cdd6ff92da"
        )
        XCTAssertEqual(String(decoding: signed.body, as: UTF8.self), "{\"durationSeconds\":3600}")
        XCTAssertEqual(signed.url, "https://127.0.0.1:8080" + signed.pathAndQuery)
        let names = signed.headers.map(\.name)
        XCTAssertEqual(names, ["Content-Type", "Host", "X-Amz-Date", "X-Amz-X509", "Authorization"])
        XCTAssertEqual(signed.headers[1].value, "127.0.0.1:8080")
        XCTAssertEqual(signed.headers[2].value, "20240706T113859Z")
    }

    func testECP384SignatureOfTheOfficialHelperVerifiesWithSHA256Only() throws {
        let certificate = try Certificate(pemEncoded: try TestVectors.text("ec-p384-cert.pem"))
        let key = try XCTUnwrap(P384.Signing.PublicKey(certificate.publicKey))
        let message = Data(try TestVectors.text("ec-p384-string-to-sign.txt").utf8)
        let signature = try P384.Signing.ECDSASignature(
            derRepresentation: try XCTUnwrap(Data(hex: try TestVectors.text("ec-p384-signature.hex"))))
        XCTAssertTrue(key.isValidSignature(signature, for: SHA256.hash(data: message)))
        XCTAssertFalse(key.isValidSignature(signature, for: SHA384.hash(data: message)))
        XCTAssertEqual(try IdentityCheck.keyAlgorithm(of: certificate).signingAlgorithmName, "AWS4-X509-ECDSA-SHA256")
        XCTAssertEqual(DecimalSerialNumber.string(fromBigEndian: certificate.serialNumber.bytes), "3")
    }

    func testChainHeaderIsSignedOnlyWithIntermediates() async throws {
        let leaf = try await rsaBackend().loadIdentity()
        let withChain = SigningIdentity(
            certificate: leaf.certificate, intermediates: [leaf.certificate, leaf.certificate], keyAlgorithm: leaf.keyAlgorithm,
            signer: { message, digest in try await leaf.sign(message, digest: digest) })
        let signed = try await SigV4X509Signer().sign(try vectorRequest(), identity: withChain, date: vectorDate)
        XCTAssertEqual(signed.canonicalRequest.signedHeaders, "content-type;host;x-amz-date;x-amz-x509;x-amz-x509-chain")
        let chain = try XCTUnwrap(signed.headers.first { $0.name == "X-Amz-X509-Chain" }?.value)
        let one = try SigV4X509Signer.base64DER(leaf.certificate)
        XCTAssertEqual(chain, "\(one),\(one)")
    }

    func testRoleSessionNameGoesIntoTheBody() throws {
        let request = try CreateSessionRequest(
            trustAnchorARN: TestVectors.trustAnchorARN, profileARN: TestVectors.profileARN, roleARN: TestVectors.roleARN,
            durationSeconds: 900, roleSessionName: "alice@example.com")
        XCTAssertEqual(
            String(decoding: request.body, as: UTF8.self), "{\"durationSeconds\":900,\"roleSessionName\":\"alice@example.com\"}")
        XCTAssertEqual(request.endpoint.description, "https://rolesanywhere.us-east-2.amazonaws.com")
    }
}

extension Data {
    /// Bytes from hex text (whitespace ignored); nil for odd or non-hex text.
    init?(hex: String) {
        let digits = hex.filter { !$0.isWhitespace }
        guard digits.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}
