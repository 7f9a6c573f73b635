import PKCS11
import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

/// The PIN-state messages, from token flags alone: the shared test token's PIN is never
/// really locked (that would break every other test).
final class PINStatusTests: XCTestCase {
    private let environment = PINSupply(origin: .source(.environment("TOKEN_PIN")))
    private let prompt = PINSupply(origin: .source(.prompt))

    func testFlagsMapToTheMostSevereState() {
        XCTAssertEqual(PINStatus([]), .normal)
        XCTAssertEqual(PINStatus([.loginRequired, .userPinInitialized]), .normal)
        XCTAssertEqual(PINStatus(.userPinCountLow), .countLow)
        XCTAssertEqual(PINStatus([.userPinCountLow, .userPinFinalTry]), .finalTry)
        XCTAssertEqual(PINStatus([.userPinCountLow, .userPinFinalTry, .userPinLocked]), .locked)
        XCTAssertEqual(PINStatus(.soPinLocked), .normal, "the SO PIN is not the user PIN")
    }

    func testAWrongPINOnItsFinalTry() {
        let error = TokenLogin.refusal(
            PKCS11Error(code: .pinIncorrect, function: "C_Login"), subject: "token 'ra-test'", supply: prompt,
            status: PINStatus([.userPinCountLow, .userPinFinalTry]))
        XCTAssertEqual(error.code, .pinFailure)
        XCTAssertEqual(error.exitStatus, 66)
        XCTAssertEqual(
            error.message,
            "the PIN for token 'ra-test' is wrong (C_Login: CKR_PIN_INCORRECT); the token's PIN is on its final try: one more wrong PIN locks it")
    }

    func testAWrongPINThatLockedTheToken() {
        let error = TokenLogin.refusal(
            PKCS11Error(code: .pinIncorrect, function: "C_Login"), subject: "token 'ra-test'", supply: environment,
            status: PINStatus(.userPinLocked))
        XCTAssertEqual(
            error.message,
            "the PIN for token 'ra-test' is wrong (C_Login: CKR_PIN_INCORRECT); it came from the environment variable TOKEN_PIN and was not retried; each wrong PIN counts towards the token's lockout (a TPM locks after 3 by default, across runs); the token's PIN is locked: unblock it with the SO PIN or the token vendor's tool")
    }

    func testALockedPIN() {
        let error = TokenLogin.refusal(
            PKCS11Error(code: .pinLocked, function: "C_Login"), subject: "token 'card'", supply: environment,
            status: PINStatus(.userPinLocked))
        XCTAssertTrue(error.message.hasPrefix("the PIN for token 'card' is locked (C_Login: CKR_PIN_LOCKED)"), error.message)
    }

    func testALowRetryCountAndAnExpiredPIN() {
        let low = TokenLogin.refusal(
            PKCS11Error(code: .pinIncorrect, function: "C_Login"), subject: "token 'card'", supply: prompt,
            status: PINStatus(.userPinCountLow), attempts: 3)
        XCTAssertEqual(
            low.message,
            "the PIN for token 'card' is wrong (C_Login: CKR_PIN_INCORRECT); 3 PINs were refused; the token's PIN retry count is low (a wrong PIN was entered since the last success)")
        let expired = TokenLogin.refusal(
            PKCS11Error(code: .pinExpired, function: "C_Login"), subject: "token 'card'", supply: prompt, status: .normal)
        XCTAssertTrue(expired.message.contains("has expired (C_Login: CKR_PIN_EXPIRED)"), expired.message)
    }

    func testPromptNotesShowTheState() {
        XCTAssertEqual(PINStatus.normal.promptNote, "")
        XCTAssertTrue(PINStatus.finalTry.promptNote.contains("FINAL TRY"))
        XCTAssertTrue(PINStatus.countLow.promptNote.contains("retries low"))
    }

    func testOtherTokenFailuresNameTheTokenAndTheFunction() {
        let removed = TokenFailure.translate(
            PKCS11Error(code: .deviceRemoved, function: "C_Sign"), action: "signing with the key pkcs11:object=k", token: "card")
        XCTAssertEqual(removed.code, .tokenFailure)
        XCTAssertEqual(
            removed.message,
            "signing with the key pkcs11:object=k on token 'card' failed: the token was removed (C_Sign: CKR_DEVICE_REMOVED); insert it and try again")
        let other = TokenFailure.translate(PKCS11Error(code: .generalError, function: "C_FindObjectsInit"), action: "finding", token: nil)
        XCTAssertEqual(other.message, "finding failed (C_FindObjectsInit: CKR_GENERAL_ERROR)")
    }
}
