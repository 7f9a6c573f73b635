import PKCS11
import XCTest

final class AttributeTests: XCTestCase {
    func testEncodesCryptokiValues() {
        XCTAssertEqual(Attribute.bool(.sensitive, true).value, [1])
        XCTAssertEqual(Attribute.bool(.extractable, false).value, [0])
        XCTAssertEqual(Attribute.ulong(.modulusBits, 2048).value, withUnsafeBytes(of: UInt(2048)) { Array($0) })
        XCTAssertEqual(Attribute.objectClass(.privateKey).type, .objectClass)
        XCTAssertEqual(Attribute.objectClass(.privateKey).value.count, MemoryLayout<UInt>.size)
        XCTAssertEqual(Attribute.label("clé").value, Array("clé".utf8))
        XCTAssertEqual(Attribute.id([0x01]), Attribute(.id, bytes: [0x01]))
        XCTAssertEqual(Attribute.keyType(.ec).value, Attribute.ulong(.keyType, 3).value)
    }

    func testNamedValuesPrint() {
        XCTAssertEqual(ObjectClass.certificate.description, "CKO_CERTIFICATE")
        XCTAssertEqual(ObjectClass(rawValue: 0x8000_0001).description, "CKO_0x80000001")
        XCTAssertEqual(KeyType.ec.description, "CKK_EC")
        XCTAssertEqual(MechanismType.ecdsa.description, "CKM_ECDSA")
        XCTAssertEqual(MechanismType(rawValue: 0x8000_0000).description, "CKM_0x80000000")
    }
}
