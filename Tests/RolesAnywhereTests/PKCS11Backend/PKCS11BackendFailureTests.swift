import Foundation
import PKCS11
import RolesAnywhereTestSupport
import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class PKCS11BackendFailureTests: XCTestCase {
    func testATokenThatIsNotPresent() async throws {
        let backend = try TestTokens.backend(certificate: TestTokens.uri("rsa2048", "cert", token: "no-such-token"))
        let error = await expectError(.tokenNotFound) { try await backend.loadIdentity() }
        let text = error?.commandLineMessage ?? ""
        XCTAssertTrue(text.hasPrefix("no token matches pkcs11:token=no-such-token;object=rsa2048;type=cert"), text)
        XCTAssertTrue(text.contains("'ra-test'") && text.contains("'ra-second'"), text)
        XCTAssertEqual(error?.exitStatus, 66)
    }

    func testAMissingModule() async throws {
        let backend = try TestTokens.backend(certificate: TestTokens.uri("rsa2048", "cert"), modulePath: "/nonexistent/libpkcs11.so")
        let error = await expectError(.pkcs11ModuleUnavailable) { try await backend.loadIdentity() }
        XCTAssertTrue(error?.commandLineMessage.contains("no file at /nonexistent/libpkcs11.so") == true, "\(String(describing: error))")
    }

    func testALibraryThatIsNotAPKCS11Module() async throws {
        let zlib = try XCTUnwrap(
            ["/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/aarch64-linux-gnu/libz.so.1"]
                .first { FileManager.default.fileExists(atPath: $0) })
        let backend = try TestTokens.backend(certificate: TestTokens.uri("rsa2048", "cert"), modulePath: zlib)
        let error = await expectError(.pkcs11ModuleUnavailable) { try await backend.loadIdentity() }
        XCTAssertTrue(error?.commandLineMessage.contains("is not a PKCS#11 module") == true, "\(String(describing: error))")
        let text = try TestTokens.backend(certificate: TestTokens.uri("rsa2048", "cert"), modulePath: "/etc/hostname")
        _ = await expectError(.pkcs11ModuleUnavailable) { try await text.loadIdentity() }
    }

    func testAURISyntaxError() async throws {
        let backend = try TestTokens.backend(certificate: "pkcs11:token=ra-test;id=%zz")
        let error = await expectError(.invalidPKCS11URI) { try await backend.loadIdentity() }
        XCTAssertTrue(error?.commandLineMessage.hasPrefix("invalid PKCS#11 URI \"pkcs11:token=ra-test;id=%zz\"") == true, "\(String(describing: error))")
        let key = try TestTokens.backend(certificate: TestTokens.certificateFile("ecp256"), privateKey: "pkcs11:object=ecp256;frobnicate=1")
        _ = await expectError(.invalidPKCS11URI) { try await key.loadIdentity() }
    }

    func testAURIOfTheWrongType() async throws {
        let backend = try TestTokens.backend(certificate: TestTokens.uri("rsa2048", "private"))
        let error = await expectError(.invalidPKCS11URI) { try await backend.loadIdentity() }
        XCTAssertTrue(error?.commandLineMessage.contains("use type=cert") == true, "\(String(describing: error))")
    }

    func testAURIMatchingNothing() async throws {
        let certificate = try TestTokens.backend(certificate: TestTokens.uri("nothing", "cert"))
        let error = await expectError(.tokenObjectNotFound) { try await certificate.loadIdentity() }
        XCTAssertTrue(error?.commandLineMessage.hasPrefix("no certificate matches pkcs11:token=ra-test;object=nothing;type=cert") == true, "\(String(describing: error))")
        let key = try TestTokens.backend(certificate: TestTokens.certificateFile("ecp256"), privateKey: TestTokens.uri("nothing", "private"))
        let keyError = await expectError(.tokenObjectNotFound) { try await key.loadIdentity() }
        XCTAssertTrue(keyError?.commandLineMessage.hasPrefix("no private key matches") == true, "\(String(describing: keyError))")
    }

    func testAKeyURIMatchingKeysOnTwoTokensListsBothWithoutLoggingIn() async throws {
        let backend = try TestTokens.backend(certificate: TestTokens.certificateFile("ecp256"), privateKey: "pkcs11:object=ecp256")
        let error = await expectError(.ambiguousTokenObject) { try await backend.loadIdentity() }
        let text = error?.commandLineMessage ?? ""
        XCTAssertTrue(text.hasPrefix("2 private keys match pkcs11:object=ecp256 on 2 tokens: "), text)
        XCTAssertTrue(text.contains("token=ra-test;id=%03;object=ecp256;type=private"), text)
        XCTAssertTrue(text.contains("token=ra-second;id=%03;object=ecp256;type=private"), text)
        let activity = await backend.activity
        XCTAssertEqual(activity.userLogins, 0)
    }

    func testACertificateURIMatchingTwoCertificatesListsBoth() async throws {
        let backend = try TestTokens.backend(certificate: "pkcs11:object=ecp256;type=cert")
        let error = await expectError(.ambiguousTokenObject) { try await backend.loadIdentity() }
        let text = error?.commandLineMessage ?? ""
        XCTAssertTrue(text.hasPrefix("2 certificates match pkcs11:object=ecp256;type=cert: "), text)
        XCTAssertTrue(text.contains("token=ra-test;id=%03;object=ecp256;type=cert"), text)
        XCTAssertTrue(text.contains("token=ra-second;id=%03;object=ecp256;type=cert"), text)
    }

    func testTheCandidateURIsOfAnAmbiguousMatchWork() async throws {
        let probe = try TestTokens.backend(certificate: TestTokens.certificateFile("ra-second-ecp256"), privateKey: "pkcs11:object=ecp256")
        let error = await expectError(.ambiguousTokenObject) { try await probe.loadIdentity() }
        let uris = (error?.commandLineMessage ?? "").components(separatedBy: " ")
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ",;")) }
            .filter { $0.hasPrefix("pkcs11:") && $0.contains("token=ra-second") }
        let backend = try TestTokens.backend(
            certificate: TestTokens.certificateFile("ra-second-ecp256"), privateKey: try XCTUnwrap(uris.first))
        let signature = try await backend.loadIdentity().sign(TestTokens.message)
        XCTAssertTrue(TestTokens.verifies(signature, of: TestTokens.message, by: try TestTokens.certificate("ra-second-ecp256")))
    }

    func testAKeyThatDoesNotBelongToTheCertificate() async throws {
        let backend = try TestTokens.backend(certificate: TestTokens.uri("rsa2048", "cert"), privateKey: TestTokens.uri("rsa3072", "private"))
        let error = await expectError(.keyMismatch) { try await backend.loadIdentity() }
        let text = error?.commandLineMessage ?? ""
        XCTAssertTrue(text.contains("object=rsa3072;type=private does not belong to the certificate CN=rsa2048"), text)
        let activity = await backend.activity
        XCTAssertEqual(activity.signatures, 0, "no test signature")
    }

    func testAnECKeyForAnRSACertificate() async throws {
        let backend = try TestTokens.backend(certificate: TestTokens.uri("rsa2048", "cert"), privateKey: TestTokens.uri("ecp256", "private"))
        let error = await expectError(.keyMismatch) { try await backend.loadIdentity() }
        let text = error?.commandLineMessage ?? ""
        XCTAssertTrue(text.contains("object=ecp256;type=private is an EC key but the certificate CN=rsa2048"), text)
        XCTAssertTrue(text.contains("holds an RSA-2048 key"), text)
    }

    func testAnECKeyOnTheOtherCurve() async throws {
        let backend = try TestTokens.backend(certificate: TestTokens.uri("ecp256", "cert"), privateKey: TestTokens.uri("ecp384", "private"))
        let error = await expectError(.keyMismatch) { try await backend.loadIdentity() }
        XCTAssertTrue(error?.commandLineMessage.contains("is an EC P-384 key but the certificate CN=ecp256") == true, "\(String(describing: error))")
    }

    func testAKeyOfAnotherTokenWithTheSameLabel() async throws {
        let backend = try TestTokens.backend(
            certificate: TestTokens.certificateFile("ecp256"), privateKey: TestTokens.uri("ecp256", "private", token: "ra-second"))
        _ = await expectError(.keyMismatch) { try await backend.loadIdentity() }
    }

    func testACertificateFileNeedsATokenKey() async throws {
        let noKey = try TestTokens.backend(certificate: TestTokens.certificateFile("ecp256"))
        let error = await expectError(.invalidArgument) { try await noKey.loadIdentity() }
        XCTAssertTrue(error?.commandLineMessage.contains("--private-key pkcs11:") == true, "\(String(describing: error))")
        let fileKey = try TestTokens.backend(certificate: TestTokens.uri("ecp256", "cert"), privateKey: "/tmp/key.pem")
        _ = await expectError(.invalidArgument) { try await fileKey.loadIdentity() }
    }
}
