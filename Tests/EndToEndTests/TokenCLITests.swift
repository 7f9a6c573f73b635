import Crypto
import Foundation
import RolesAnywhereTestSupport
import X509
import XCTest

/// `token list`, `sign-string` and `read-certificate-data` with SoftHSM tokens, through the
/// built binary (`SOFTHSM2_CONF` in the child's environment).
final class TokenCLITests: XCTestCase {
    private let pinVariable = "RA_TOKEN_CLI_PIN"

    private func run(_ arguments: [String], pin: String? = SoftHSMTokens.userPIN, stdin: [UInt8]? = nil) throws -> ProcessRunner.Outcome {
        var environment = try SoftHSMTokens.childEnvironment()
        if let pin { environment[pinVariable] = pin }
        return try ProcessRunner(BuiltProducts.rolesAnywhere, arguments, environment: environment, stdin: stdin).run()
    }

    func testTokenListPrintsTheTokensAndTheirObjectsWithURIs() throws {
        let outcome = try run(["token", "list", "--pkcs11-lib", SoftHSMTokens.modulePath], pin: nil)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stderr, "")
        let text = outcome.stdout
        XCTAssertTrue(text.contains("  Token 'ra-test': manufacturer 'SoftHSM project', model 'SoftHSM v2', serial '"), text)
        XCTAssertTrue(text.contains("  Token 'ra-second'"), text)
        XCTAssertTrue(text.contains("  flags: login required, PIN initialized"), text)
        XCTAssertTrue(text.contains("  certificate 'rsa2048' id 01: CN=rsa2048,O=roles-anywhere test; expires "), text)
        XCTAssertTrue(text.contains(";token=ra-test;id=%01;object=rsa2048;type=cert\n"), text)
        XCTAssertTrue(text.contains("  public key 'ecp384' id 04: EC P-384\n"), text)
        XCTAssertFalse(text.contains("private key '"), text)
        XCTAssertTrue(text.contains("(private keys are listed after a login: add --pin-env NAME, --pin-command CMD or --login)"), text)
    }

    func testTokenListWithAPINListsPrivateKeysThroughTheP11KitProxy() throws {
        let outcome = try run(["token", "list", "--token", "pkcs11:token=ra-test", "--pin-env", pinVariable])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let text = outcome.stdout
        XCTAssertTrue(text.contains("  private key 'rsa-always' id 05: RSA 2048; always-authenticate; sensitive; not extractable\n"), text)
        XCTAssertTrue(text.contains(";token=ra-test;id=%07;object=no-cert;type=private\n"), text)
        XCTAssertFalse(text.contains("ra-second"), text)
    }

    func testSignStringWithATokenCertificateVerifies() throws {
        let message = Array("string to sign".utf8)
        let outcome = try run(
            ["sign-string", "--pkcs11-lib", SoftHSMTokens.modulePath, "--pin-env", pinVariable,
             "--certificate", "pkcs11:token=ra-test;object=ecp256;type=cert"], stdin: message)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(outcome.stdoutBytes)) as? [String: String])
        XCTAssertEqual(json["algorithm"], "AWS4-X509-ECDSA-SHA256")
        let signature = try P256.Signing.ECDSASignature(derRepresentation: try XCTUnwrap(hexBytes(json["signature"])))
        let certificate = try Certificate(pemEncoded: String(contentsOfFile: SoftHSMTokens.certificatePath("ecp256"), encoding: .utf8))
        let key = try XCTUnwrap(P256.Signing.PublicKey(certificate.publicKey))
        XCTAssertTrue(key.isValidSignature(signature, for: SHA256.hash(data: message)))
    }

    func testSignStringWithAnAlwaysAuthenticateKeyAndReusePIN() throws {
        let outcome = try run(
            ["sign-string", "--pkcs11-lib", SoftHSMTokens.modulePath, "--pin-env", pinVariable, "--reuse-pin", "--format", "text",
             "--certificate", try SoftHSMTokens.certificatePath("rsa-always"),
             "--private-key", "pkcs11:token=ra-test;object=rsa-always;type=private"], stdin: Array("x".utf8))
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines).count, 512)
    }

    func testAWrongPINExitsWith66AndNamesTheToken() throws {
        let outcome = try run(
            ["sign-string", "--pkcs11-lib", SoftHSMTokens.modulePath, "--pin-env", pinVariable,
             "--certificate", "pkcs11:token=ra-second;object=ecp256;type=cert"], pin: "0000", stdin: [])
        XCTAssertEqual(outcome.status, 66)
        XCTAssertEqual(outcome.stdout, "")
        XCTAssertTrue(
            outcome.stderr.hasPrefix("roles-anywhere: the PIN for token 'ra-second' is wrong (C_Login: CKR_PIN_INCORRECT); it came from the environment variable \(pinVariable) and was not retried"),
            outcome.stderr)
        XCTAssertFalse(outcome.stderr.contains("0000"))
        // A right PIN resets the token's retry counter for the other tests.
        let fixed = try run(
            ["sign-string", "--pkcs11-lib", SoftHSMTokens.modulePath, "--pin-env", pinVariable,
             "--certificate", "pkcs11:token=ra-second;object=ecp256;type=cert"], stdin: [])
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
    }

    func testReadCertificateDataFromATokenNeedsNoPIN() throws {
        let outcome = try run(
            ["read-certificate-data", "--pkcs11-lib", SoftHSMTokens.modulePath,
             "--certificate", "pkcs11:token=ra-test;object=ecp384;type=cert"], pin: nil)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("CN=ecp384"), outcome.stdout)
    }

    func testPINFlagsWithKeyFilesAreRefused() throws {
        let outcome = try run(
            ["sign-string", "--pin-env", pinVariable, "--certificate", try SoftHSMTokens.certificatePath("ecp256")], stdin: [])
        XCTAssertEqual(outcome.status, 65)
        XCTAssertTrue(outcome.stderr.contains("apply to pkcs11: URIs only"), outcome.stderr)
    }

    private func hexBytes(_ text: String?) -> [UInt8]? {
        guard let text, text.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
