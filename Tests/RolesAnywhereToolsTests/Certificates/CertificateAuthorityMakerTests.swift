import Foundation
import RolesAnywhereTestSupport
@_spi(FixedExpiryValidationTime) import X509
import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class CertificateAuthorityMakerTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_750_000_000)

    func testRootWithIntermediateAndTheirFiles() async throws {
        let files = try TestFiles()
        defer { files.removeAll() }
        let folder = CertificateAuthorityFolder(directory: files.path("ca"))
        let made = try CertificateAuthorityMaker(
            subject: try SubjectName.parse("CN=Unit Root"), days: 10, keyType: .ecP384, withIntermediate: true
        ).create(in: folder, now: now)
        XCTAssertEqual(made.count, 2)
        let (root, intermediate) = (made[0], made[1])
        XCTAssertEqual(root.notValidBefore, now.addingTimeInterval(-300))
        XCTAssertEqual(root.notValidAfter, now.addingTimeInterval(10 * 86_400))
        XCTAssertEqual(root.signatureAlgorithm, .ecdsaWithSHA384)
        XCTAssertEqual(intermediate.subject.description, "CN=Unit Root Intermediate")
        XCTAssertEqual(Array(root.serialNumber.bytes).count, 20)
        var verifier = Verifier(rootCertificates: CertificateStore([root])) { RFC5280Policy(fixedExpiryValidationTime: now) }
        guard case .validCertificate = await verifier.validate(leaf: intermediate, intermediates: CertificateStore()) else {
            return XCTFail("the intermediate does not chain to the root")
        }
        let authority = try CertificateAuthority(folder: folder)
        XCTAssertEqual(authority.certificate, intermediate)
        XCTAssertEqual(try String(contentsOfFile: folder.path("chain.pem"), encoding: .utf8), try intermediate.serializeAsPEM().pemString + "\n")
        let keyMode = try FileManager.default.attributesOfItem(atPath: folder.path("root-ca.key"))[.posixPermissions] as? NSNumber
        XCTAssertEqual(keyMode?.intValue, 0o600)
    }

    func testDaysOutOfRangeAndAnExistingCAAreRefused() throws {
        let files = try TestFiles()
        defer { files.removeAll() }
        let folder = CertificateAuthorityFolder(directory: files.path("ca"))
        let subject = try SubjectName.parse("CN=x")
        XCTAssertThrowsError(try CertificateAuthorityMaker(subject: subject, days: 0).create(in: folder, now: now))
        try CertificateAuthorityMaker(subject: subject).create(in: folder, now: now)
        XCTAssertThrowsError(try CertificateAuthorityMaker(subject: subject).create(in: folder, now: now)) { error in
            XCTAssertTrue((error as? RolesAnywhereError)?.message.contains("--force") == true, "\(error)")
        }
        XCTAssertNoThrow(try CertificateAuthorityMaker(subject: subject, replacesExisting: true).create(in: folder, now: now))
    }
}
