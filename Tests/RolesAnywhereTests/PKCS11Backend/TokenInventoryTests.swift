import Foundation
import PKCS11
import RolesAnywhereTestSupport
import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class TokenInventoryTests: XCTestCase {
    private func token(_ label: String, pinSource: PINSource? = nil) throws -> TokenListing {
        try TestTokens.prepare()
        let inventory = TokenInventory(
            modulePath: SoftHSMTokens.modulePath, tokenFilter: "pkcs11:token=\(label)", pinSource: pinSource)
        let slots = try inventory.slots()
        XCTAssertEqual(slots.count, 1)
        return try XCTUnwrap(slots.first?.token)
    }

    func testPublicObjectsAreListedWithoutALogin() throws {
        let token = try token("ra-test")
        XCTAssertEqual(token.label, "ra-test")
        XCTAssertEqual(token.manufacturer, "SoftHSM project")
        XCTAssertTrue(token.flags.contains("login required"), "\(token.flags)")
        XCTAssertFalse(token.includesPrivateObjects)
        XCTAssertEqual(token.objects.filter { $0.kind == "certificate" }.count, 6)
        XCTAssertEqual(token.objects.filter { $0.kind == "public key" }.count, 7)
        XCTAssertTrue(token.objects.filter { $0.kind == "private key" }.isEmpty)
        let certificate = try XCTUnwrap(token.objects.first { $0.kind == "certificate" && $0.label == "rsa3072" })
        XCTAssertEqual(certificate.id, [0x02])
        XCTAssertEqual(certificate.details.first, "CN=rsa3072,O=roles-anywhere test")
        XCTAssertTrue(certificate.details.contains { $0.hasPrefix("expires 20") }, "\(certificate.details)")
        XCTAssertTrue(certificate.uri.contains("token=ra-test;id=%02;object=rsa3072;type=cert"), certificate.uri)
        let publicKey = try XCTUnwrap(token.objects.first { $0.kind == "public key" && $0.label == "ecp384" })
        XCTAssertEqual(publicKey.details, ["EC P-384"])
        XCTAssertTrue(token.uri.hasSuffix(";token=ra-test"), token.uri)
    }

    func testPrivateKeysAreListedAfterALogin() throws {
        let token = try token("ra-test", pinSource: .environment(TestTokens.pinVariable))
        XCTAssertTrue(token.includesPrivateObjects)
        XCTAssertNil(token.note)
        let keys = token.objects.filter { $0.kind == "private key" }
        XCTAssertEqual(keys.map(\.label), ["rsa2048", "rsa3072", "ecp256", "ecp384", "rsa-always", "ec-always", "no-cert"])
        let always = try XCTUnwrap(keys.first { $0.label == "rsa-always" })
        XCTAssertEqual(always.details, ["RSA 2048", "always-authenticate", "sensitive", "not extractable"])
        XCTAssertEqual(keys.first { $0.label == "ecp256" }?.details, ["EC P-256", "sensitive", "not extractable"])
    }

    func testAListedKeyURISignsAsIs() async throws {
        let listing = try token("ra-test", pinSource: .environment(TestTokens.pinVariable))
        let key = try XCTUnwrap(listing.objects.first { $0.kind == "private key" && $0.label == "rsa3072" })
        let certificate = try XCTUnwrap(listing.objects.first { $0.kind == "certificate" && $0.label == "rsa3072" })
        let backend = try TestTokens.backend(certificate: certificate.uri, privateKey: key.uri)
        let signature = try await backend.loadIdentity().sign(TestTokens.message)
        XCTAssertTrue(TestTokens.verifies(signature, of: TestTokens.message, by: try TestTokens.certificate("rsa3072")))
    }

    func testAWrongPINFailsTheListingAndIsTriedOnce() throws {
        XCTAssertFalse(try TestTokens.isLoggedIn("ra-second"))
        // A login was asked for: a wrong PIN is the listing's failure, not a note a script would miss.
        XCTAssertThrowsError(try token("ra-second", pinSource: .command("echo 0000"))) { error in
            let text = (error as? RolesAnywhereError)?.commandLineMessage ?? "\(error)"
            XCTAssertTrue(text.hasPrefix("the PIN for token 'ra-second' is wrong (C_Login: CKR_PIN_INCORRECT)"), text)
        }
        XCTAssertTrue(try TestTokens.tokenFlags("ra-second").contains(.userPinCountLow))
        _ = try self.token("ra-second", pinSource: .environment(TestTokens.pinVariable))
        XCTAssertFalse(try TestTokens.tokenFlags("ra-second").contains(.userPinCountLow))
    }

    func testEverySlotIsListedAsText() throws {
        try TestTokens.prepare()
        let slots = try TokenInventory(modulePath: SoftHSMTokens.modulePath).slots()
        XCTAssertEqual(Set(slots.compactMap(\.token?.label).filter { !$0.isEmpty }), ["ra-test", "ra-second", "ra-imported"])
        let text = slots.flatMap(\.lines).joined(separator: "\n")
        XCTAssertTrue(text.contains("  Token 'ra-second': manufacturer 'SoftHSM project', model 'SoftHSM v2', serial '"), text)
        XCTAssertTrue(text.contains("  certificate 'ecp256' id 03: CN=ra-second-ecp256,O=roles-anywhere test; expires "), text)
        XCTAssertTrue(text.contains("    pkcs11:model=SoftHSM%20v2;manufacturer=SoftHSM%20project;serial="), text)
        XCTAssertTrue(text.contains("(private keys are listed after a login"), text)
        XCTAssertTrue(text.contains("not initialized"), text)
    }

    func testAFilterMatchingNoTokenAndABadFilter() throws {
        try TestTokens.prepare()
        XCTAssertTrue(try TokenInventory(modulePath: SoftHSMTokens.modulePath, tokenFilter: "pkcs11:token=none").slots().isEmpty)
        XCTAssertThrowsError(try TokenInventory(modulePath: SoftHSMTokens.modulePath, tokenFilter: "pkcs11:id=%zz").slots()) { error in
            XCTAssertEqual((error as? RolesAnywhereError)?.code, .invalidPKCS11URI)
        }
    }
}
