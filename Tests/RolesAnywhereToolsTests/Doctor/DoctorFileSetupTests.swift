import Foundation
import RolesAnywhereTestSupport
import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

/// The doctor on key-file setups, in-process, against an endpoint nobody listens on.
final class DoctorFileSetupTests: XCTestCase {
    private let day: TimeInterval = 86_400
    private let arns = (
        anchor: "arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/a1",
        profile: "arn:aws:rolesanywhere:eu-west-1:111122223333:profile/p1",
        role: "arn:aws:iam::111122223333:role/r1")

    private func configuration(certificate: String, key: String, trustAnchor: String?, profile: String? = nil) -> DoctorConfiguration {
        DoctorConfiguration(
            certificate: certificate, privateKey: key, trustAnchorCAPath: trustAnchor, trustAnchorARN: arns.anchor,
            profileARN: profile ?? arns.profile, roleARN: arns.role, endpoint: "https://127.0.0.1:1",
            client: ClientConfiguration(connectTimeout: 1, readTimeout: 1, maximumRetries: 0))
    }

    private func statuses(_ findings: [DoctorFinding]) -> [String: DoctorFinding.Status] {
        Dictionary(uniqueKeysWithValues: findings.map { ($0.check.name, $0.status) })
    }

    func testAnExpiredLeafFailsValidityButStillChainsAndTheTokenChecksAreSkipped() async throws {
        let files = try TestFiles()
        defer { files.removeAll() }
        let now = Date()
        let root = try TestCertificateAuthority(name: "Doctor Root", notBefore: now - 400 * day, notAfter: now + 400 * day)
        let leaf = try root.issueLeaf(LeafOptions(commonName: "old", notBefore: now - 300 * day, notAfter: now - 10 * day))
        let certificate = try files.write(leaf.certificatePEM, name: "leaf.pem")
        let key = try files.write(leaf.key.pkcs8PEM, name: "leaf.key")
        let anchor = try files.write(root.certificatePEM, name: "root.pem")
        var lines: [String] = []
        let findings = await Doctor(configuration(certificate: certificate, key: key, trustAnchor: anchor)).run { lines.append($0.line) }
        XCTAssertEqual(lines.count, DoctorCheck.all.count)
        let status = statuses(findings)
        XCTAssertEqual(status["module"], .skip)
        XCTAssertEqual(status["token"], .skip)
        XCTAssertEqual(status["pin"], .skip)
        XCTAssertEqual(status["key"], .ok)
        XCTAssertEqual(status["key-match"], .ok)
        XCTAssertEqual(status["validity"], .fail)
        XCTAssertEqual(status["usage"], .ok)
        XCTAssertEqual(status["chain"], .ok, lines.joined(separator: "\n"))
        XCTAssertEqual(status["arns"], .ok)
        XCTAssertEqual(status["endpoint"], .fail)
        XCTAssertEqual(status["clock"], .skip)
        XCTAssertEqual(status["create-session"], .skip)
        XCTAssertTrue(lines.contains { $0.hasPrefix("FAIL validity: the certificate expired on ") && $0.contains(" days ago) - ") }, "\(lines)")
    }

    func testAForeignKeyACAAsLeafAndAnAccountMismatchAreNamed() async throws {
        let files = try TestFiles()
        defer { files.removeAll() }
        let root = try TestCertificateAuthority(name: "Doctor Root 2")
        let leaf = try root.issueLeaf(LeafOptions(commonName: "ca-like", isCA: true))
        let other = try root.issueLeaf(LeafOptions(commonName: "other", keyIndex: 1))
        let certificate = try files.write(leaf.certificatePEM, name: "leaf.pem")
        let key = try files.write(other.key.pkcs8PEM, name: "other.key")
        let profile = "arn:aws:rolesanywhere:eu-west-1:444455556666:profile/p1"
        let findings = await Doctor(configuration(certificate: certificate, key: key, trustAnchor: nil, profile: profile)).run()
        let byName = Dictionary(uniqueKeysWithValues: findings.map { ($0.check.name, $0) })
        XCTAssertEqual(byName["key-match"]?.status, .fail)
        XCTAssertEqual(byName["usage"]?.status, .fail)
        XCTAssertTrue(byName["usage"]?.detail.contains("it is a CA certificate") == true, "\(String(describing: byName["usage"]))")
        XCTAssertEqual(byName["chain"]?.line, "skip chain: no --trust-anchor-ca given")
        XCTAssertEqual(byName["arns"]?.status, .fail)
        XCTAssertTrue(byName["arns"]?.detail.contains("different accounts") == true)
    }
}
