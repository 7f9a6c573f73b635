import Foundation
import PKCS11
import XCTest

final class SessionObjectManagementTests: XCTestCase {
    private func uniqueLabel(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8))"
    }

    func testGeneratedRSAKeyStaysInsideTheToken() throws {
        let session = try SoftHSM.userSession(readWrite: true)
        let label = uniqueLabel("gen-rsa")
        let id: [UInt8] = [0x7E, 0x01]
        let keys = try session.generateKeyPair(
            mechanism: .rsaPKCSKeyPairGen,
            publicKeyTemplate: [
                .bool(.token, true), .label(label), .id(id), .bool(.verify, true),
                .ulong(.modulusBits, 2048), Attribute(.publicExponent, bytes: [0x01, 0x00, 0x01]),
            ],
            privateKeyTemplate: [
                .bool(.token, true), .bool(.private, true), .label(label), .id(id), .bool(.sign, true),
                .bool(.sensitive, true), .bool(.extractable, false),
            ])
        defer {
            try? session.destroyObject(keys.privateKey)
            try? session.destroyObject(keys.publicKey)
        }
        XCTAssertEqual(try session.bool(.sensitive, of: keys.privateKey), true)
        XCTAssertEqual(try session.bool(.extractable, of: keys.privateKey), false)
        XCTAssertEqual(try session.bool(.local, of: keys.privateKey), true)
        XCTAssertEqual(try session.modulus(of: keys.publicKey)?.count, 256)
        XCTAssertEqual(try session.findObjects([.objectClass(.privateKey), .label(label)]), [keys.privateKey])
        let signature = try session.sign(mechanism: .sha256RSAPKCS, key: keys.privateKey, data: [1, 2, 3])
        XCTAssertEqual(signature.count, 256)
    }

    func testGeneratedECKey() throws {
        let session = try SoftHSM.userSession(readWrite: true)
        let label = uniqueLabel("gen-ec")
        let secp384r1: [UInt8] = [0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22]
        let keys = try session.generateKeyPair(
            mechanism: .ecKeyPairGen,
            publicKeyTemplate: [.bool(.token, false), .label(label), Attribute(.ecParams, bytes: secp384r1)],
            privateKeyTemplate: [
                .bool(.token, false), .label(label), .bool(.sign, true), .bool(.sensitive, true),
                .bool(.extractable, false),
            ])
        XCTAssertEqual(try session.keyType(of: keys.privateKey), .ec)
        XCTAssertEqual(try session.ecPoint(of: keys.publicKey)?.count, 99)
        XCTAssertEqual(try session.sign(mechanism: .ecdsa, key: keys.privateKey, data: Array(repeating: 7, count: 32)).count, 96)
    }

    func testKeyGenerationErrorsNameTheFunction() throws {
        let session = try SoftHSM.userSession(readWrite: true)
        XCTAssertThrowsError(try session.generateKeyPair(
            mechanism: .ecKeyPairGen, publicKeyTemplate: [.bool(.token, false)],
            privateKeyTemplate: [.bool(.token, false)])
        ) { error in
            XCTAssertEqual((error as? PKCS11Error)?.function, "C_GenerateKeyPair", "\(error)")
        }
    }

    func testCreateObjectStoresACertificate() throws {
        let session = try SoftHSM.userSession(readWrite: true)
        let der = try OpenSSL.der(ofCertificate: SoftHSM.certificatePath("rsa2048"))
        let label = uniqueLabel("imported")
        let certificate = try session.createObject([
            .objectClass(.certificate), .ulong(.certificateType, 0), .bool(.token, true),
            .label(label), .id([0x7E, 0x02]), Attribute(.value, bytes: der),
            Attribute(.subject, bytes: [0x30, 0x00]),
        ])
        defer { try? session.destroyObject(certificate) }
        XCTAssertEqual(try session.findObjects([.objectClass(.certificate), .label(label)]), [certificate])
        XCTAssertEqual(try session.certificateValue(of: certificate), der)
        XCTAssertEqual(try session.id(of: certificate), [0x7E, 0x02])
        try session.destroyObject(certificate)
        XCTAssertEqual(try session.findObjects([.label(label)]), [])
    }

    func testCreatingTokenObjectsNeedsAReadWriteSession() throws {
        let session = try SoftHSM.userSession(readWrite: false)
        XCTAssertThrowsError(try session.createObject([
            .objectClass(.data), .bool(.token, true), .label(uniqueLabel("ro")),
        ])) { error in
            XCTAssertEqual(error as? PKCS11Error, PKCS11Error(code: .sessionReadOnly, function: "C_CreateObject"))
        }
    }
}
