import Foundation
import RolesAnywhere
import RolesAnywhereTestSupport
import X509
import XCTest

@testable import RolesAnywhereEmulator

final class CertificateChainValidatorTests: XCTestCase {
    private let now = SessionFixture.now

    private func validator(_ root: TestCertificateAuthority, crls: [[UInt8]] = []) throws -> CertificateChainValidator {
        let lists = try crls.map { try RevocationList(encoded: $0, issuers: [root.certificate]) }
        return CertificateChainValidator(
            trustAnchor: TrustAnchor(
                arn: SessionFixture.trustAnchorARN, enabled: true, certificateAuthorities: [root.certificate],
                revocationLists: lists))
    }

    private func assertUntrusted(
        _ error: ServiceError?, message: String = "Untrusted signing certificate", reason: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(
            error, ServiceError(status: 403, type: "AccessDeniedException", message: message, reason: reason), file: file,
            line: line)
    }

    func testAcceptsALeafOfTheAnchorsCA() async throws {
        let root = try SessionFixture.authority(name: "Root")
        let leaf = try root.issueLeaf(SessionFixture.leafOptions())
        let error = try await validator(root).validate(leaf: leaf.certificate, intermediates: [], now: now)
        XCTAssertNil(error)
    }

    func testARememberedChainStillFailsTheChecksOfEveryRequest() async throws {
        let root = try SessionFixture.authority(name: "Root")
        let leaf = try root.issueLeaf(SessionFixture.leafOptions())
        let cache = ValidatedChainCache()
        var validator = try validator(root)
        validator.validatedChains = cache
        let first = await validator.validate(leaf: leaf.certificate, intermediates: [], now: now)
        XCTAssertNil(first)
        let key = try XCTUnwrap(ValidatedChainCache.key(anchorID: SessionFixture.trustAnchorARN, leaf: leaf.certificate, intermediates: []))
        XCTAssertTrue(cache.contains(key, now: now))
        XCTAssertFalse(cache.contains(key, now: now.addingTimeInterval(ValidatedChainCache.lifetime)), "entries expire")
        let afterExpiry = leaf.certificate.notValidAfter.addingTimeInterval(1)
        cache.insert(key, now: afterExpiry)
        let expired = await validator.validate(leaf: leaf.certificate, intermediates: [], now: afterExpiry)
        XCTAssertNotNil(expired, "the validity window is checked on every request, remembered or not")
        // Another anchor never shares an entry.
        XCTAssertNotEqual(key, ValidatedChainCache.key(anchorID: "another", leaf: leaf.certificate, intermediates: []))
    }

    func testAcceptsAtTheEdgesOfTheValidityWindow() async throws {
        let root = try SessionFixture.authority(name: "Root")
        let leaf = try root.issueLeaf(SessionFixture.leafOptions())
        let validator = try validator(root)
        var error = await validator.validate(leaf: leaf.certificate, intermediates: [], now: leaf.certificate.notValidBefore)
        XCTAssertNil(error)
        error = await validator.validate(leaf: leaf.certificate, intermediates: [], now: leaf.certificate.notValidAfter)
        XCTAssertNil(error)
    }

    func testRefusesALeafWithoutDigitalSignatureUsage() async throws {
        let root = try SessionFixture.authority(name: "Root")
        var options = SessionFixture.leafOptions()
        options.keyUsage = KeyUsage(keyEncipherment: true)
        let leaf = try root.issueLeaf(options)
        let error = try await validator(root).validate(leaf: leaf.certificate, intermediates: [], now: now)
        assertUntrusted(
            error, message: "Untrusted certificate. Insufficient certificate",
            reason: "the certificate's key usage lacks digitalSignature")
    }

    func testRefusesALeafThatIsACA() async throws {
        let root = try SessionFixture.authority(name: "Root")
        var options = SessionFixture.leafOptions()
        options.isCA = true
        let leaf = try root.issueLeaf(options)
        let error = try await validator(root).validate(leaf: leaf.certificate, intermediates: [], now: now)
        assertUntrusted(
            error, message: "Untrusted certificate. Insufficient certificate", reason: "the certificate is a CA certificate")
    }

    func testRefusesALeafWhoseIntermediateIsMissing() async throws {
        let root = try SessionFixture.authority(name: "Root")
        let leaf = try root.issueIntermediate(name: "Intermediate").issueLeaf(SessionFixture.leafOptions())
        let error = try await validator(root).validate(leaf: leaf.certificate, intermediates: [], now: now)
        assertUntrusted(error, reason: "no valid chain to a CA of the trust anchor: no path to a trust anchor CA")
    }

    func testRefusesAnExpiredIntermediate() async throws {
        let root = try SessionFixture.authority(name: "Root")
        let intermediate = try root.issueIntermediate(
            name: "Intermediate", notBefore: now.addingTimeInterval(-10 * 86_400), notAfter: now.addingTimeInterval(-86_400))
        let leaf = try intermediate.issueLeaf(SessionFixture.leafOptions())
        let error = try await validator(root).validate(leaf: leaf.certificate, intermediates: leaf.chain, now: now)
        XCTAssertEqual(error?.status, 403)
        XCTAssertEqual(error?.message, "Untrusted signing certificate")
        XCTAssertEqual(error?.reason.hasPrefix("no valid chain to a CA of the trust anchor: "), true, error?.reason ?? "")
    }

    func testRefusesALeafWhoseIntermediateIsRevokedByTheRoot() async throws {
        let root = try SessionFixture.authority(name: "Root")
        let intermediate = try root.issueIntermediate(name: "Intermediate")
        let leaf = try intermediate.issueLeaf(SessionFixture.leafOptions())
        let crl = try root.makeCRL(revoking: [intermediate.certificate.serialNumber], thisUpdate: now.addingTimeInterval(-60))
        let error = try await validator(root, crls: [crl]).validate(leaf: leaf.certificate, intermediates: leaf.chain, now: now)
        assertUntrusted(
            error,
            reason: "the certificate CN=Intermediate with serial \(DecimalSerialNumber.string(fromBigEndian: intermediate.certificate.serialNumber.bytes)) is revoked by the CRL of CN=Root")
    }

    func testTheChainLimitCountsTheLeaf() {
        XCTAssertEqual(CertificateChainValidator.maximumChainLength, 5)
    }
}
