import Foundation
import RolesAnywhereTestSupport
import X509
import XCTest

@testable import RolesAnywhereEmulator

final class ServiceDirectoryBuilderTests: XCTestCase {
    private var files: TestFiles!

    override func setUpWithError() throws {
        files = try TestFiles()
    }

    override func tearDown() {
        files.removeAll()
    }

    private func assertBuildFails(
        _ builder: ServiceDirectoryBuilder, _ message: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try builder.build(), file: file, line: line) { error in
            XCTAssertTrue(error is EmulatorError, "\(type(of: error))", file: file, line: line)
            XCTAssertEqual("\(error)", message, file: file, line: line)
        }
    }

    func testQuickStartMakesOneAnchorProfileAndRole() throws {
        let ca = try SessionFixture.authority(name: "Quick CA")
        let other = try SessionFixture.authority(name: "Second Quick CA")
        let first = try files.write(ca.certificatePEM, name: "ca.pem")
        let second = try files.write(other.certificatePEM, name: "other.pem")
        let (directory, defaults) = try ServiceDirectoryBuilder(quickStartCAFiles: [first, second]).build()
        let anchorARN = "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/a0000000-0000-4000-8000-000000000001"
        let profileARN = "arn:aws:rolesanywhere:us-east-1:123456789012:profile/b0000000-0000-4000-8000-000000000001"
        let roleARN = "arn:aws:iam::123456789012:role/roles-anywhere-demo"
        XCTAssertEqual([defaults.trustAnchorARN, defaults.profileARN, defaults.roleARN], [anchorARN, profileARN, roleARN])
        XCTAssertEqual(directory.accountID, "123456789012")
        XCTAssertEqual(directory.region, "us-east-1")
        XCTAssertEqual(Array(directory.trustAnchors.keys), [anchorARN])
        let anchor = try XCTUnwrap(directory.trustAnchors[anchorARN])
        XCTAssertTrue(anchor.enabled)
        XCTAssertEqual(anchor.certificateAuthorities, [ca.certificate, other.certificate])
        XCTAssertEqual(anchor.revocationLists, [])
        XCTAssertEqual(
            directory.profiles,
            [profileARN: Profile(arn: profileARN, enabled: true, roleARNs: [roleARN], durationSeconds: 43_200, acceptsRoleSessionName: true)])
    }

    func testQuickStartComesFirstBeforeConfiguredEntries() throws {
        let ca = try SessionFixture.authority(name: "Quick CA")
        let path = try files.write(ca.certificatePEM, name: "ca.pem")
        let configuration = EmulatorConfiguration(
            accountId: "210987654321", region: "eu-west-1",
            trustAnchors: [.init(id: "corp", certificateBundle: path, enabled: false)],
            profiles: [.init(id: "dev", roleArns: ["arn:aws:iam::210987654321:role/dev"], durationSeconds: nil, acceptRoleSessionName: nil, enabled: nil)])
        let (directory, defaults) = try ServiceDirectoryBuilder(configuration: configuration, quickStartCAFiles: [path]).build()
        XCTAssertEqual(defaults.trustAnchorARN, "arn:aws:rolesanywhere:eu-west-1:210987654321:trust-anchor/a0000000-0000-4000-8000-000000000001")
        XCTAssertEqual(defaults.roleARN, "arn:aws:iam::210987654321:role/roles-anywhere-demo")
        XCTAssertEqual(directory.trustAnchors.count, 2)
        XCTAssertEqual(directory.trustAnchors["arn:aws:rolesanywhere:eu-west-1:210987654321:trust-anchor/corp"]?.enabled, false)
        XCTAssertEqual(
            directory.profiles["arn:aws:rolesanywhere:eu-west-1:210987654321:profile/dev"],
            Profile(
                arn: "arn:aws:rolesanywhere:eu-west-1:210987654321:profile/dev", enabled: true,
                roleARNs: ["arn:aws:iam::210987654321:role/dev"], durationSeconds: 3600, acceptsRoleSessionName: false))
    }

    func testAttachesACRLOnlyToTheAnchorsOfItsIssuer() throws {
        let corp = try SessionFixture.authority(name: "Corp CA")
        let lab = try SessionFixture.authority(name: "Lab CA")
        let crl = try corp.makeCRL(revoking: [SessionFixture.serial])
        var anchors = [
            TrustAnchor(arn: "corp", enabled: true, certificateAuthorities: [corp.certificate]),
            TrustAnchor(arn: "lab", enabled: true, certificateAuthorities: [lab.certificate]),
        ]
        try ServiceDirectoryBuilder.attachCRL(try files.write(crl, name: "corp.crl"), to: &anchors)
        XCTAssertEqual(anchors[0].revocationLists, [try RevocationList(encoded: crl, issuers: [corp.certificate])])
        XCTAssertEqual(anchors[1].revocationLists, [])
    }

    func testRefusesBadSettings() throws {
        let ca = try files.write(try SessionFixture.authority(name: "CA").certificatePEM, name: "ca.pem")
        let anchor = EmulatorConfiguration.TrustAnchorEntry(id: "corp", certificateBundle: ca, enabled: nil)
        let profile = EmulatorConfiguration.ProfileEntry(
            id: "dev", roleArns: ["arn:aws:iam::123456789012:role/dev"], durationSeconds: nil, acceptRoleSessionName: nil,
            enabled: nil)
        assertBuildFails(
            ServiceDirectoryBuilder(configuration: .init(accountId: "12345", trustAnchors: [anchor], profiles: [profile])),
            "accountId '12345' must be 12 digits")
        assertBuildFails(
            ServiceDirectoryBuilder(configuration: .init(region: "Mars", trustAnchors: [anchor], profiles: [profile])),
            "region 'Mars' is not a region name")
        assertBuildFails(
            ServiceDirectoryBuilder(configuration: .init(profiles: [profile])),
            "no trust anchor: pass --trust-anchor-ca CA.pem or a --config file with trustAnchors")
        assertBuildFails(
            ServiceDirectoryBuilder(configuration: .init(trustAnchors: [anchor])),
            "no profile with a role: add profiles with roleArns to the --config file")
        var roleless = profile
        roleless.roleArns = []
        assertBuildFails(
            ServiceDirectoryBuilder(configuration: .init(trustAnchors: [anchor], profiles: [roleless])),
            "no profile with a role: add profiles with roleArns to the --config file")
    }

    func testRefusesUnusableCAAndCRLFiles() throws {
        let ca = try SessionFixture.authority(name: "CA")
        let caPath = try files.write(ca.certificatePEM, name: "ca.pem")
        let missing = files.path("missing.pem")
        let keyOnly = try files.write(ca.key.pkcs8PEM, name: "key.pem")
        let strangerCRL = try files.write(try SessionFixture.authority(name: "Stranger").makeCRL(revoking: []), name: "stranger.crl")
        let garbageCRL = try files.write("not a CRL", name: "garbage.crl")
        let profile = EmulatorConfiguration.ProfileEntry(
            id: "dev", roleArns: ["arn:aws:iam::123456789012:role/dev"], durationSeconds: nil, acceptRoleSessionName: nil,
            enabled: nil)
        func builder(bundle: String, crls: [String] = []) -> ServiceDirectoryBuilder {
            ServiceDirectoryBuilder(
                configuration: .init(
                    trustAnchors: [.init(id: "corp", certificateBundle: bundle, enabled: nil)], profiles: [profile], crls: crls))
        }
        assertBuildFails(builder(bundle: missing), "cannot read the CA file '\(missing)'")
        assertBuildFails(builder(bundle: keyOnly), "the CA file '\(keyOnly)' holds no PEM certificate")
        assertBuildFails(ServiceDirectoryBuilder(quickStartCAFiles: [missing]), "cannot read the CA file '\(missing)'")
        assertBuildFails(builder(bundle: caPath, crls: [missing]), "cannot read the CRL '\(missing)'")
        assertBuildFails(
            builder(bundle: caPath, crls: [strangerCRL]),
            "the CRL '\(strangerCRL)' is malformed or not signed by any trust anchor's CA")
        assertBuildFails(
            builder(bundle: caPath, crls: [garbageCRL]),
            "the CRL '\(garbageCRL)' is malformed or not signed by any trust anchor's CA")
    }
}
