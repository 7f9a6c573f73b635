import Foundation
import RolesAnywhereTestSupport
import X509
import XCTest

@testable import RolesAnywhereEmulator

final class EmulatorConfigurationTests: XCTestCase {
    private var files: TestFiles!

    override func setUpWithError() throws {
        files = try TestFiles()
    }

    override func tearDown() {
        files.removeAll()
    }

    /// Two anchors (one bundle of two CAs in a subfolder, one absolute path), two profiles,
    /// two CRLs (PEM and DER), written next to the configuration file.
    private struct Material {
        var corp: TestCertificateAuthority
        var corpBackup: TestCertificateAuthority
        var lab: TestCertificateAuthority
        var labBundle: String
        var corpCRL: [UInt8]
        var labCRL: [UInt8]
    }

    private func writeMaterial() throws -> Material {
        let corp = try SessionFixture.authority(name: "Corp CA")
        let corpBackup = try SessionFixture.authority(name: "Corp Backup CA", keyType: .rsa2048)
        let lab = try SessionFixture.authority(name: "Lab CA")
        try FileManager.default.createDirectory(atPath: files.path("cas"), withIntermediateDirectories: true)
        try files.write(corp.certificatePEM + corpBackup.certificatePEM, name: "cas/corp.pem")
        let labBundle = try files.write(lab.certificatePEM, name: "lab.pem")
        let corpCRL = try corp.makeCRL(revoking: [SessionFixture.serial])
        let labCRL = try lab.makeCRL(revoking: [Certificate.SerialNumber(bytes: [0x07])])
        try files.write(try corp.crlPEM(revoking: [SessionFixture.serial]), name: "cas/corp.crl")
        try files.write(labCRL, name: "lab.crl")
        return Material(corp: corp, corpBackup: corpBackup, lab: lab, labBundle: labBundle, corpCRL: corpCRL, labCRL: labCRL)
    }

    private func yaml(_ material: Material) -> String {
        """
        # the emulator's configuration
        accountId: "210987654321"
        region: eu-west-1
        trustAnchors:
          - id: corp
            certificateBundle: cas/corp.pem
          - id: lab
            certificateBundle: \(material.labBundle)
            enabled: false
        profiles:
          - id: dev
            roleArns: ["arn:aws:iam::210987654321:role/dev", "arn:aws:iam::210987654321:role/read-only"]
            durationSeconds: 7200
            acceptRoleSessionName: true
          - id: ops
            roleArns:
              - arn:aws:iam::210987654321:role/ops
            enabled: false
        crls: [cas/corp.crl, lab.crl]

        """
    }

    private func json(_ material: Material) -> String {
        """
        {
          "accountId": "210987654321",
          "region": "eu-west-1",
          "trustAnchors": [
            {"id": "corp", "certificateBundle": "cas/corp.pem"},
            {"id": "lab", "certificateBundle": "\(material.labBundle)", "enabled": false}
          ],
          "profiles": [
            {"id": "dev", "roleArns": ["arn:aws:iam::210987654321:role/dev", "arn:aws:iam::210987654321:role/read-only"],
             "durationSeconds": 7200, "acceptRoleSessionName": true},
            {"id": "ops", "roleArns": ["arn:aws:iam::210987654321:role/ops"], "enabled": false}
          ],
          "crls": ["cas/corp.crl", "lab.crl"]
        }

        """
    }

    func testLoadsYAMLAndJSONAlikeWithPathsResolvedAgainstTheFilesFolder() throws {
        let material = try writeMaterial()
        let fromYAML = try EmulatorConfiguration.load(path: try files.write(yaml(material), name: "emulator.yaml"))
        let fromJSON = try EmulatorConfiguration.load(path: try files.write(json(material), name: "emulator.json"))
        XCTAssertEqual(
            fromYAML,
            EmulatorConfiguration(
                accountId: "210987654321", region: "eu-west-1",
                trustAnchors: [
                    .init(id: "corp", certificateBundle: files.path("cas/corp.pem"), enabled: nil),
                    .init(id: "lab", certificateBundle: material.labBundle, enabled: false),
                ],
                profiles: [
                    .init(
                        id: "dev", roleArns: ["arn:aws:iam::210987654321:role/dev", "arn:aws:iam::210987654321:role/read-only"],
                        durationSeconds: 7200, acceptRoleSessionName: true, enabled: nil),
                    .init(id: "ops", roleArns: ["arn:aws:iam::210987654321:role/ops"], durationSeconds: nil, acceptRoleSessionName: nil, enabled: false),
                ],
                crls: [files.path("cas/corp.crl"), files.path("lab.crl")]))
        XCTAssertEqual(fromJSON, fromYAML)
    }

    func testAConfigurationFileBuildsTheExpectedDirectory() throws {
        let material = try writeMaterial()
        for (name, text) in [("emulator.yaml", yaml(material)), ("emulator.json", json(material))] {
            let configuration = try EmulatorConfiguration.load(path: try files.write(text, name: name))
            let (directory, defaults) = try ServiceDirectoryBuilder(configuration: configuration).build()
            let prefix = "arn:aws:rolesanywhere:eu-west-1:210987654321:"
            XCTAssertEqual(defaults.trustAnchorARN, prefix + "trust-anchor/corp", name)
            XCTAssertEqual(defaults.profileARN, prefix + "profile/dev", name)
            XCTAssertEqual(defaults.roleARN, "arn:aws:iam::210987654321:role/dev", name)
            XCTAssertEqual(directory.accountID, "210987654321", name)
            XCTAssertEqual(directory.region, "eu-west-1", name)
            XCTAssertEqual(Set(directory.trustAnchors.keys), [prefix + "trust-anchor/corp", prefix + "trust-anchor/lab"], name)
            let corp = try XCTUnwrap(directory.trustAnchors[prefix + "trust-anchor/corp"])
            XCTAssertTrue(corp.enabled, name)
            XCTAssertEqual(corp.certificateAuthorities, [material.corp.certificate, material.corpBackup.certificate], name)
            XCTAssertEqual(
                corp.revocationLists, [try RevocationList(encoded: material.corpCRL, issuers: [material.corp.certificate])], name)
            let lab = try XCTUnwrap(directory.trustAnchors[prefix + "trust-anchor/lab"])
            XCTAssertFalse(lab.enabled, name)
            XCTAssertEqual(lab.certificateAuthorities, [material.lab.certificate], name)
            XCTAssertEqual(lab.revocationLists, [try RevocationList(encoded: material.labCRL, issuers: [material.lab.certificate])], name)
            XCTAssertEqual(
                directory.profiles,
                [
                    prefix + "profile/dev": Profile(
                        arn: prefix + "profile/dev", enabled: true,
                        roleARNs: ["arn:aws:iam::210987654321:role/dev", "arn:aws:iam::210987654321:role/read-only"],
                        durationSeconds: 7200, acceptsRoleSessionName: true),
                    prefix + "profile/ops": Profile(
                        arn: prefix + "profile/ops", enabled: false, roleARNs: ["arn:aws:iam::210987654321:role/ops"],
                        durationSeconds: 3600, acceptsRoleSessionName: false),
                ], name)
        }
    }

    func testAYAMLSyntaxErrorNamesItsPlace() throws {
        let path = try files.write("trustAnchors: [ {id: corp, certificateBundle: ca.pem}\nprofiles:\n", name: "unclosed.yaml")
        XCTAssertThrowsError(try EmulatorConfiguration.load(path: path)) { error in
            XCTAssertEqual(
                "\(error)",
                "the configuration file '\(path)' is not valid: 2:1: error: parser: while parsing a flow sequence in line 1, "
                    + "column 15 did not find expected ',' or ']': profiles: ^")
        }
    }

    func testAMissingFileIsAOneLineError() {
        let path = files.path("absent.yaml")
        XCTAssertThrowsError(try EmulatorConfiguration.load(path: path)) { error in
            XCTAssertTrue(error is EmulatorError)
            XCTAssertEqual("\(error)", "cannot read the configuration file '\(path)'")
        }
    }

    func testBadFilesGiveOneLineErrors() throws {
        let bad: [(String, String)] = [
            ("unclosed.yaml", "trustAnchors: [ {id: corp, certificateBundle: ca.pem}\nprofiles:\n  - id: dev\n"),
            ("tab.yaml", "trustAnchors:\n\t- id: corp\n"),
            ("type.yaml", "profiles:\n  - id: dev\n    roleArns: [arn:aws:iam::123456789012:role/dev]\n    durationSeconds: long\n"),
            ("missing-key.yaml", "trustAnchors:\n  - id: corp\n    enabled: true\n"),
            ("list.yaml", "- accountId\n- region\n"),
            ("truncated.json", "{\n  \"accountId\": \"123456789012\",\n  \"trustAnchors\": [\n"),
            ("empty.yaml", ""),
        ]
        for (name, text) in bad {
            let path = try files.write(text, name: name)
            XCTAssertThrowsError(try EmulatorConfiguration.load(path: path), name) { error in
                XCTAssertTrue(error is EmulatorError, name)
                let message = "\(error)"
                XCTAssertTrue(message.hasPrefix("the configuration file '\(path)' is not valid: "), "\(name): \(message)")
                XCTAssertFalse(message.contains("\n"), "\(name): \(message)")
            }
        }
    }
}
