import Foundation
import PKCS11
import RolesAnywhereTestSupport
import SwiftASN1
import X509
import XCTest

/// `cert ca create`, `cert issue`, `cert check-expiry`, `token keygen`, `token csr` and
/// `token import-cert` through the built binary, on SoftHSM.
final class CertificateToolsTests: XCTestCase {
    private let day: TimeInterval = 86_400

    func testKeygenMakesAKeyThatNeverLeavesTheToken() throws {
        // Generated in the shared store's ra-second (so this process can read it through the
        // PKCS11 layer), then deleted again: other tests count that token's objects.
        var environment = try SoftHSMTokens.childEnvironment()
        environment["RA_KEYGEN_PIN"] = SoftHSMTokens.userPIN
        for (label, type, id) in [("tools-keygen-ec", "ec-p384", "f1"), ("tools-keygen-rsa", "rsa2048", "f2")] {
            let outcome = try ProcessRunner(
                BuiltProducts.rolesAnywhere,
                ["token", "keygen", "--token", "ra-second", "--label", label, "--id", id, "--key-type", type,
                 "--pkcs11-lib", SoftHSMTokens.modulePath, "--pin-env", "RA_KEYGEN_PIN"],
                environment: environment
            ).run()
            let session = try Self.sharedTokenSession("ra-second")
            defer { Self.destroyObjects(labelled: label, in: session) }
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            XCTAssertEqual(outcome.stderr, "")
            XCTAssertTrue(outcome.stdout.hasPrefix("pkcs11:"), outcome.stdout)
            XCTAssertTrue(outcome.stdout.hasSuffix(";token=ra-second;id=%\(id.uppercased());object=\(label);type=private\n"), outcome.stdout)
            let keys = try session.findObjects([.objectClass(.privateKey), .label(label)])
            XCTAssertEqual(keys.count, 1)
            let key = try XCTUnwrap(keys.first)
            XCTAssertEqual(try session.bool(.sensitive, of: key), true)
            XCTAssertEqual(try session.bool(.extractable, of: key), false)
            XCTAssertEqual(try session.bool(.neverExtractable, of: key), true)
            XCTAssertEqual(try session.bool(.alwaysSensitive, of: key), true)
            XCTAssertEqual(try session.bool(.local, of: key), true)
            XCTAssertEqual(try session.bool(.token, of: key), true)
            XCTAssertEqual(try session.bool(.private, of: key), true)
            XCTAssertEqual(try session.bool(.sign, of: key), true)
            XCTAssertEqual(try session.id(of: key), [UInt8(id, radix: 16) ?? 0])
            // The secret parts are hidden: CKA_VALUE (EC) and CKA_PRIVATE_EXPONENT (RSA).
            XCTAssertNil(try session.attributeValue(.value, of: key))
            XCTAssertNil(try session.attributeValue(AttributeType(rawValue: 0x123), of: key))
            XCTAssertEqual(try session.findObjects([.objectClass(.publicKey), .label(label)]).count, 1)
        }
    }

    func testTheCAFolderHasItsFilesModesAndExtensions() throws {
        let fixture = try ToolsFixture.get()
        let folder = fixture.files.path("ca-layout")
        let made = try fixture.run(["cert", "ca", "create", "--out-dir", folder, "--intermediate", "--key-type", "rsa2048",
                                    "--subject", "CN=Layout Root,O=Example,C=DE", "--days", "100"])
        XCTAssertEqual(made.status, 0, made.stderr)
        XCTAssertEqual(made.stdout + made.stderr, "")
        XCTAssertEqual(try Self.mode(folder + "/ca.key"), 0o600)
        XCTAssertEqual(try Self.mode(folder + "/root-ca.key"), 0o600)
        XCTAssertEqual(try Self.mode(folder + "/trust-anchor.pem"), 0o644)
        let root = try Self.certificate(folder + "/trust-anchor.pem")
        let intermediate = try Self.certificate(folder + "/ca.pem")
        XCTAssertEqual(try Self.certificate(folder + "/chain.pem"), intermediate)
        XCTAssertEqual(root.subject.description, "CN=Layout Root,O=Example,C=DE")
        XCTAssertEqual(intermediate.subject.description, "CN=Layout Root Intermediate,O=Example,C=DE")
        XCTAssertEqual(root.issuer, root.subject)
        XCTAssertEqual(intermediate.issuer, root.subject)
        for ca in [root, intermediate] {
            XCTAssertEqual(ca.version, .v3)
            XCTAssertEqual(try ca.extensions.keyUsage, KeyUsage(keyCertSign: true, cRLSign: true))
            XCTAssertEqual(ca.extensions[oid: .X509ExtensionID.keyUsage]?.critical, true)
            XCTAssertNotNil(try ca.extensions.subjectKeyIdentifier)
            XCTAssertEqual(ca.notValidAfter.timeIntervalSince(ca.notValidBefore), 100 * day + 300, accuracy: 5)
        }
        XCTAssertEqual(try root.extensions.basicConstraints, .isCertificateAuthority(maxPathLength: nil))
        XCTAssertEqual(try intermediate.extensions.basicConstraints, .isCertificateAuthority(maxPathLength: 0))
        XCTAssertEqual(
            try intermediate.extensions.authorityKeyIdentifier?.keyIdentifier, try root.extensions.subjectKeyIdentifier?.keyIdentifier)
        let again = try fixture.run(["cert", "ca", "create", "--out-dir", folder])
        OutputAssertions.assertFailure(again, exitCode: 65, containing: "already holds a CA key")
        let forced = try fixture.run(["cert", "ca", "create", "--out-dir", folder, "--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/chain.pem"))
        XCTAssertEqual(try Self.certificate(folder + "/ca.pem"), try Self.certificate(folder + "/trust-anchor.pem"))
    }

    func testTokenCSRVerifiesAndTheIssuedCertificateChainsAndIsAccepted() async throws {
        let fixture = try ToolsFixture.get()
        let trustAnchor = try Self.certificate(fixture.trustAnchorPath)
        let intermediate = try Self.certificate(fixture.chainPath)
        for (label, type) in [("tools-p256", "ec-p256"), ("tools-p384", "ec-p384"), ("tools-rsa", "rsa2048")] {
            let identity = try fixture.makeIdentity(label: label, keyType: type)
            let csrText = try String(contentsOfFile: fixture.files.path("\(label).csr"), encoding: .utf8)
            XCTAssertTrue(csrText.hasPrefix("-----BEGIN CERTIFICATE REQUEST-----"), csrText)
            let csr = try CertificateSigningRequest(pemEncoded: csrText)
            XCTAssertTrue(csr.publicKey.isValidSignature(csr.signature, for: csr), "\(label): the CSR does not verify")
            XCTAssertEqual(csr.subject.description, "CN=\(label),O=roles-anywhere test")
            let certificate = try Self.certificate(identity.certificatePath)
            XCTAssertEqual(certificate.version, .v3)
            XCTAssertEqual(certificate.subject, csr.subject)
            XCTAssertEqual(certificate.publicKey, csr.publicKey)
            XCTAssertEqual(certificate.issuer, intermediate.subject)
            let serial = Array(certificate.serialNumber.bytes)
            XCTAssertEqual(serial.count, 20)
            XCTAssertEqual(serial[0] & 0xC0, 0x40, "a 159-bit serial")
            XCTAssertEqual(try certificate.extensions.keyUsage, KeyUsage(digitalSignature: true))
            XCTAssertEqual(try certificate.extensions.basicConstraints, .notCertificateAuthority)
            XCTAssertEqual(try certificate.extensions.subjectKeyIdentifier, SubjectKeyIdentifier(hash: certificate.publicKey))
            XCTAssertEqual(
                try certificate.extensions.authorityKeyIdentifier?.keyIdentifier, try intermediate.extensions.subjectKeyIdentifier?.keyIdentifier)
            var verifier = Verifier(rootCertificates: CertificateStore([trustAnchor])) { RFC5280Policy() }
            let result = await verifier.validate(leaf: certificate, intermediates: CertificateStore([intermediate]))
            guard case .validCertificate(let chain) = result else {
                XCTFail("\(label): no chain to the trust anchor: \(result)")
                continue
            }
            XCTAssertEqual(Array(chain), [certificate, intermediate, trustAnchor])
            XCTAssertTrue(identity.certificateURI.hasSuffix(";object=\(label);type=cert"), identity.certificateURI)
            let outcome = try fixture.run(
                ["credential-process", "--certificate", identity.certificateURI, "--intermediates", fixture.chainPath, "--no-cache"]
                    + fixture.tokenFlags + fixture.sessionFlags)
            OutputAssertions.assertCredentials(outcome)
        }
    }

    func testCheckExpiryExitCodesForFreshNearExpiryAndExpiredCertificates() throws {
        let fixture = try ToolsFixture.get()
        let identity = try fixture.makeIdentity(label: "tools-expiry")
        let csr = fixture.files.path("tools-expiry.csr")
        let oldCA = fixture.files.path("old-ca")
        let now = Date()
        let created = try fixture.run(["cert", "ca", "create", "--out-dir", oldCA, "--now", Self.iso(now - 800 * day)])
        XCTAssertEqual(created.status, 0, created.stderr)
        func issue(_ name: String, at time: Date, days: Int) throws -> String {
            let path = fixture.files.path(name)
            let outcome = try fixture.run(
                ["cert", "issue", "--ca-dir", oldCA, "--csr", csr, "--out", path, "--days", "\(days)", "--now", Self.iso(time)])
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            return path
        }
        let nearExpiry = try issue("near-expiry.pem", at: now - 360 * day, days: 365)
        let expired = try issue("expired.pem", at: now - 400 * day, days: 30)

        let fresh = try fixture.run(["cert", "check-expiry", "--certificate", identity.certificatePath])
        XCTAssertEqual(fresh.status, 0, fresh.stderr)
        XCTAssertTrue(fresh.stdout.hasPrefix("364 days left: CN=tools-expiry,O=roles-anywhere test expires "), fresh.stdout)
        let onToken = try fixture.run(["cert", "check-expiry", "--certificate", identity.certificateURI, "--pkcs11-lib", ToolsFixture.module])
        XCTAssertEqual(onToken.status, 0, onToken.stderr)
        XCTAssertEqual(onToken.stdout, fresh.stdout)

        let near = try fixture.run(["cert", "check-expiry", "--certificate", nearExpiry])
        XCTAssertEqual(near.status, 10, near.stderr)
        XCTAssertTrue(near.stdout.hasPrefix("4 days left: "), near.stdout)
        XCTAssertTrue(near.stdout.hasSuffix(" (renew it)\n"), near.stdout)
        let outsideWindow = try fixture.run(["cert", "check-expiry", "--certificate", nearExpiry, "--warn-days", "3"])
        XCTAssertEqual(outsideWindow.status, 0, outsideWindow.stderr)

        let gone = try fixture.run(["cert", "check-expiry", "--certificate", expired])
        XCTAssertEqual(gone.status, 11, gone.stderr)
        XCTAssertTrue(gone.stdout.hasPrefix("expired: CN=tools-expiry,O=roles-anywhere test expired 370 days ago, on "), gone.stdout)
        XCTAssertEqual(gone.stderr, "")

        let missing = try fixture.run(["cert", "check-expiry", "--certificate", fixture.files.path("none.pem")])
        OutputAssertions.assertFailure(missing, exitCode: 65, containing: "no such file")
    }

    func testIssueRefusesACSRWhoseSignatureDoesNotVerify() throws {
        let fixture = try ToolsFixture.get()
        _ = try fixture.makeIdentity(label: "tools-tamper")
        let text = try String(contentsOfFile: fixture.files.path("tools-tamper.csr"), encoding: .utf8)
        var der = try PEMDocument(pemString: text).derBytes
        der[der.count - 3] ^= 0x01  // inside the signature's s value
        let tampered = try fixture.files.write(PEMDocument(type: "CERTIFICATE REQUEST", derBytes: der).pemString, name: "tampered.csr")
        let outcome = try fixture.run(
            ["cert", "issue", "--ca-dir", fixture.caDirectory, "--csr", tampered, "--out", fixture.files.path("never.pem")])
        OutputAssertions.assertFailure(outcome, exitCode: 65, containing: "does not verify")
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.files.path("never.pem")))
    }

    func testIssueNamesASmallRSAKeyInTheCSR() throws {
        let fixture = try ToolsFixture.get()
        let key = fixture.files.path("rsa1024.key")
        let csr = fixture.files.path("rsa1024.csr")
        let made = try ProcessRunner(
            "/usr/bin/openssl", ["req", "-new", "-newkey", "rsa:1024", "-nodes", "-keyout", key, "-subj", "/CN=small", "-out", csr]
        ).run()
        XCTAssertEqual(made.status, 0, made.stderr)
        let outcome = try fixture.run(
            ["cert", "issue", "--ca-dir", fixture.caDirectory, "--csr", csr, "--out", fixture.files.path("small.pem")])
        OutputAssertions.assertFailure(
            outcome, exitCode: 65,
            containing: "the certificate signing request '\(csr)' is for an RSA-1024 key: RSA keys under 2048 bits are refused")
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.files.path("small.pem")))
    }

    func testImportCertNeedsTheKeyAndReplacesOnlyWhenAsked() throws {
        let fixture = try ToolsFixture.get()
        let identity = try fixture.makeIdentity(label: "tools-import")
        let foreign = try fixture.run(
            ["token", "import-cert", "--token", ToolsFixture.token, "--cert", fixture.caDirectory + "/ca.pem"] + fixture.tokenFlags)
        OutputAssertions.assertFailure(foreign, exitCode: 65, containing: "no private key on token 'ra-tools' belongs to the certificate")
        let twice = try fixture.run(
            ["token", "import-cert", "--token", ToolsFixture.token, "--cert", identity.certificatePath] + fixture.tokenFlags)
        OutputAssertions.assertFailure(twice, exitCode: 65, containing: "pass --replace")
        let replaced = try fixture.run(
            ["token", "import-cert", "--token", ToolsFixture.token, "--cert", identity.certificatePath, "--replace"] + fixture.tokenFlags)
        XCTAssertEqual(replaced.status, 0, replaced.stderr)
        XCTAssertEqual(replaced.stdout.trimmingCharacters(in: .newlines), identity.certificateURI)
    }

    func testKeygenRefusesDuplicatesBadKeyTypesAndWrongPINs() throws {
        let fixture = try ToolsFixture.get()
        let first = try fixture.run(
            ["token", "keygen", "--token", ToolsFixture.token, "--label", "tools-dup", "--id", "7e", "--key-type", "ec-p256"] + fixture.tokenFlags)
        XCTAssertEqual(first.status, 0, first.stderr)
        let sameLabel = try fixture.run(
            ["token", "keygen", "--token", ToolsFixture.token, "--label", "tools-dup", "--key-type", "ec-p256"] + fixture.tokenFlags)
        OutputAssertions.assertFailure(sameLabel, exitCode: 65, containing: "already holds objects labelled 'tools-dup'")
        let sameID = try fixture.run(
            ["token", "keygen", "--token", ToolsFixture.token, "--label", "tools-dup-2", "--id", "7E", "--key-type", "ec-p256"] + fixture.tokenFlags)
        OutputAssertions.assertFailure(sameID, exitCode: 65, containing: "already holds objects with id 7e")
        let badType = try fixture.run(
            ["token", "keygen", "--token", ToolsFixture.token, "--label", "tools-dsa", "--key-type", "dsa"] + fixture.tokenFlags)
        OutputAssertions.assertFailure(badType, exitCode: 65, containing: "rsa2048|rsa3072|ec-p256|ec-p384")
        let noToken = try fixture.run(
            ["token", "keygen", "--token", "no-such-token", "--label", "x", "--key-type", "ec-p256"] + fixture.tokenFlags)
        OutputAssertions.assertFailure(noToken, exitCode: 66, containing: "no token labelled 'no-such-token'")
        let wrongPIN = try fixture.run(
            ["token", "keygen", "--token", ToolsFixture.token, "--label", "tools-pin", "--key-type", "ec-p256"] + fixture.tokenFlags,
            environment: [ToolsFixture.pinVariable: "0000"])
        OutputAssertions.assertFailure(wrongPIN, exitCode: 66, containing: "is wrong (C_Login: CKR_PIN_INCORRECT)")
        let reset = try fixture.run(["token", "list", "--token", "pkcs11:token=\(ToolsFixture.token)"] + fixture.tokenFlags)
        XCTAssertEqual(reset.status, 0, reset.stderr)
    }

    // MARK: - Helpers

    static func certificate(_ path: String) throws -> Certificate {
        try Certificate(pemEncoded: String(contentsOfFile: path, encoding: .utf8))
    }

    static func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    /// A logged-in read-write session on a token of the shared test store, in this process.
    static func sharedTokenSession(_ label: String) throws -> Session {
        _ = try SoftHSMTokens.directory()
        let module = try PKCS11Module.load(path: SoftHSMTokens.modulePath)
        guard let slot = try module.slots().first(where: { try $0.tokenInfo().label == label }) else {
            throw TestSupportError("no token \(label) in the shared store")
        }
        let session = try slot.openSession(readWrite: true)
        try session.login(.user, pin: PIN(SoftHSMTokens.userPIN))
        return session
    }

    static func destroyObjects(labelled label: String, in session: Session) {
        for object in (try? session.findObjects([.label(label)])) ?? [] {
            try? session.destroyObject(object)
        }
        try? session.logout()
    }
}
