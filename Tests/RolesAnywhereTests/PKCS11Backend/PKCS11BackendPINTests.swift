import Foundation
import PKCS11
import RolesAnywhereTestSupport
import Synchronization
import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class PKCS11BackendPINTests: XCTestCase {
    private let message = TestTokens.message

    private func signs(_ backend: PKCS11Backend, _ label: String, file: StaticString = #filePath, line: UInt = #line) async throws {
        let signature = try await backend.loadIdentity().sign(message)
        XCTAssertTrue(TestTokens.verifies(signature, of: message, by: try TestTokens.certificate(label)), file: file, line: line)
    }

    func testPINSourceFileInTheURI() async throws {
        let pinFile = try TestTokens.temporaryFile("1234\n")
        for source in ["file:\(pinFile)", "file://\(pinFile)", pinFile] {
            let backend = try TestTokens.backend(
                certificate: TestTokens.uri("rsa2048", "cert") + "?pin-source=\(source)", pinSource: nil)
            try await signs(backend, "rsa2048")
        }
    }

    func testPINSourceInTheKeyURI() async throws {
        let pinFile = try TestTokens.temporaryFile("1234")
        let backend = try TestTokens.backend(
            certificate: TestTokens.certificateFile("ecp256"),
            privateKey: TestTokens.uri("ecp256", "private") + "?pin-source=file:\(pinFile)", pinSource: nil)
        try await signs(backend, "ecp256")
    }

    func testPINFromAnEnvironmentVariable() async throws {
        try await signs(TestTokens.backend(certificate: TestTokens.uri("ecp384", "cert"), pinSource: .environment(TestTokens.pinVariable)), "ecp384")
    }

    func testPINFromACommandWithoutItsTrailingNewline() async throws {
        let backend = try TestTokens.backend(certificate: TestTokens.uri("rsa3072", "cert"), pinSource: .command("echo 1234"))
        try await signs(backend, "rsa3072")
    }

    func testPINValueWorksAndWarnsOnce() async throws {
        let warnings = Mutex<[String]>([])
        let backend = try TestTokens.backend(
            certificate: TestTokens.uri("ecp256", "cert") + "?pin-value=1234", pinSource: nil,
            warn: { text in warnings.withLock { $0.append(text) } })
        try await signs(backend, "ecp256")
        try await signs(backend, "ecp256")
        let seen = warnings.withLock { $0 }
        XCTAssertEqual(seen.count, 1)
        XCTAssertTrue(seen.first?.contains("pin-value") == true, "\(seen)")
        XCTAssertFalse(seen.first?.contains("1234") == true)
    }

    func testAConfiguredSourceWinsOverTheURI() async throws {
        let backend = try TestTokens.backend(
            certificate: TestTokens.uri("ecp256", "cert") + "?pin-value=0000", pinSource: .environment(TestTokens.pinVariable))
        try await signs(backend, "ecp256")
    }

    func testAWrongPINFromEachNonInteractiveSourceCausesExactlyOneLogin() async throws {
        let pinFile = try TestTokens.temporaryFile("0000\n")
        setenv("RA_PKCS11_BACKEND_WRONG_PIN", "0000", 1)
        let cases: [(PINSource?, String, String)] = [
            (.environment("RA_PKCS11_BACKEND_WRONG_PIN"), "", "the environment variable RA_PKCS11_BACKEND_WRONG_PIN"),
            (.command("printf 0000"), "", "the --pin-command command"),
            (nil, "?pin-source=file:\(pinFile)", "the file '\(pinFile)'"),
            (nil, "?pin-value=0000", "pin-value in the URI"),
        ]
        for (source, query, origin) in cases {
            XCTAssertFalse(try TestTokens.isLoggedIn(), "another session is logged in: the wrong PIN would not be tried")
            let backend = try TestTokens.backend(certificate: TestTokens.uri("rsa2048", "cert") + query, pinSource: source)
            let error = await expectError(.pinFailure) { try await backend.loadIdentity() }
            let text = error?.commandLineMessage ?? ""
            XCTAssertTrue(text.hasPrefix("the PIN for token 'ra-test' is wrong (C_Login: CKR_PIN_INCORRECT)"), text)
            XCTAssertTrue(text.contains("it came from \(origin) and was not retried"), text)
            XCTAssertTrue(text.contains("the token's PIN retry count is low"), text)
            XCTAssertFalse(text.contains("0000"), text)
            XCTAssertTrue(try TestTokens.tokenFlags().contains(.userPinCountLow))
            // A later fetch of the same backend does not try the refused PIN again.
            let again = await expectError(.pinFailure) { try await backend.loadIdentity() }
            XCTAssertEqual(again?.commandLineMessage, error?.commandLineMessage)
            let activity = await backend.activity
            XCTAssertEqual(activity.userLogins, 1, origin)
        }
        // A right PIN clears CKF_USER_PIN_COUNT_LOW for the other tests.
        _ = try await TestTokens.backend(certificate: TestTokens.uri("rsa2048", "cert")).loadIdentity()
        XCTAssertFalse(try TestTokens.tokenFlags().contains(.userPinCountLow))
    }

    func testUnreadableSourcesFailWithoutALogin() async throws {
        let cases: [(PINSource, String)] = [
            (.environment("RA_PKCS11_BACKEND_UNSET_VARIABLE"), "RA_PKCS11_BACKEND_UNSET_VARIABLE (--pin-env), which is not set"),
            (.command("echo oops >&2; exit 3"), "exit status 3"),
            (.file("/nonexistent/pin"), "cannot read the PIN file '/nonexistent/pin'"),
            (.command("true"), "no PIN for token 'ra-test' came from the --pin-command command"),
        ]
        for (source, expected) in cases {
            let backend = try TestTokens.backend(certificate: TestTokens.uri("ecp256", "cert"), pinSource: source)
            let error = await expectError(.pinFailure) { try await backend.loadIdentity() }
            XCTAssertTrue(error?.commandLineMessage.contains(expected) == true, "\(String(describing: error))")
            let activity = await backend.activity
            XCTAssertEqual(activity.userLogins, 0)
        }
    }

    func testAnUnsupportedPINSourceSchemeIsRefused() async throws {
        let backend = try TestTokens.backend(
            certificate: TestTokens.uri("ecp256", "cert") + "?pin-source=https://example.com/pin", pinSource: nil)
        let error = await expectError(.invalidPKCS11URI) { try await backend.loadIdentity() }
        XCTAssertTrue(error?.commandLineMessage.contains("only file:/path") == true, "\(String(describing: error))")
    }

    func testThePromptNeedsATerminal() async throws {
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY)
        if tty >= 0 {
            close(tty)
            throw XCTSkip("a terminal is attached: the prompt would wait for a PIN")
        }
        let backend = try TestTokens.backend(certificate: TestTokens.uri("ecp256", "cert"), pinSource: nil)
        let error = await expectError(.pinFailure) { try await backend.loadIdentity() }
        XCTAssertTrue(error?.commandLineMessage.contains("there is no terminal to ask the PIN for token 'ra-test'") == true, "\(String(describing: error))")
    }

    func testURIPINSourceValues() {
        XCTAssertEqual(PINSource.uriPINSource("file:/run/pin"), .file("/run/pin"))
        XCTAssertEqual(PINSource.uriPINSource("file:///run/pin"), .file("/run/pin"))
        XCTAssertEqual(PINSource.uriPINSource("/run/pin"), .file("/run/pin"))
        XCTAssertEqual(PINSource.uriPINSource("pins/token"), .file("pins/token"))
        XCTAssertNil(PINSource.uriPINSource("https://example.com/pin"))
        XCTAssertNil(PINSource.uriPINSource("file://host/pin"))
    }
}
