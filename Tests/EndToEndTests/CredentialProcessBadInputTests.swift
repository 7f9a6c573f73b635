import Foundation
import RolesAnywhereTestSupport
import XCTest

/// Bad input: one clear line on stderr, a documented exit code, nothing on stdout.
final class CredentialProcessBadInputTests: XCTestCase {
    private var fixture: EndToEndFixture!
    private var good: EndToEndFixture.LeafFiles!

    override func setUpWithError() throws {
        fixture = try EndToEndFixture.get()
        good = try fixture.writeLeaf(try fixture.root.issueLeaf(LeafOptions(commonName: "bad-input-good")), name: "bad-input-good")
    }

    private func fetch(certificate: String, key: String?, _ extra: [String] = [], session: [String]? = nil) throws -> ProcessRunner.Outcome {
        var arguments = ["credential-process", "--certificate", certificate]
        if let key { arguments += ["--private-key", key] }
        return try fixture.run(arguments + (session ?? fixture.sessionArguments) + extra)
    }

    func testMissingFile() throws {
        OutputAssertions.assertFailure(
            try fetch(certificate: "/nonexistent/client.pem", key: good.key), exitCode: 65,
            containing: "cannot read the certificate file (--certificate) '/nonexistent/client.pem': no such file")
    }

    func testUnreadableFile() throws {
        let path = try fixture.files.write("secret", name: "unreadable.key")
        chmod(path, 0)
        defer { chmod(path, 0o600) }
        guard getuid() != 0 else { throw XCTSkip("root reads any file") }
        OutputAssertions.assertFailure(
            try fetch(certificate: good.certificate, key: path), exitCode: 65, containing: "permission denied")
    }

    func testFileWithNoPEM() throws {
        let path = try fixture.files.write("this is not a certificate\n", name: "no-pem.txt")
        OutputAssertions.assertFailure(
            try fetch(certificate: path, key: good.key), exitCode: 65, containing: "is neither PEM nor a DER certificate")
        OutputAssertions.assertFailure(
            try fetch(certificate: good.certificate, key: path), exitCode: 65, containing: "holds no PEM private key")
    }

    func testCertificateInPlaceOfTheKey() throws {
        OutputAssertions.assertFailure(
            try fetch(certificate: good.certificate, key: good.certificate), exitCode: 65,
            containing: "holds a certificate, not a private key: pass the key file to --private-key")
    }

    func testKeyInPlaceOfTheCertificate() throws {
        OutputAssertions.assertFailure(
            try fetch(certificate: good.key, key: good.key), exitCode: 65, containing: "holds a private key but no certificate")
    }

    func testKeyThatDoesNotMatchTheCertificate() throws {
        let other = try fixture.writeLeaf(
            try fixture.root.issueLeaf(LeafOptions(commonName: "bad-input-other", keyIndex: 5)), name: "bad-input-other")
        OutputAssertions.assertFailure(
            try fetch(certificate: good.certificate, key: other.key), exitCode: 65, containing: "does not belong to the certificate")
    }

    func testExpiredCertificate() throws {
        let leaf = try fixture.root.issueLeaf(
            LeafOptions(commonName: "bad-input-expired", notBefore: Date(timeIntervalSinceNow: -7200), notAfter: Date(timeIntervalSinceNow: -3600)))
        let files = try fixture.writeLeaf(leaf, name: "bad-input-expired")
        OutputAssertions.assertFailure(
            try fetch(certificate: files.certificate, key: files.key), exitCode: 65, containing: "expired on")
    }

    func testSmallRSAKeyIsRefused() throws {
        let leaf = try fixture.root.issueLeaf(LeafOptions(commonName: "bad-input-rsa1024", keyType: .rsa1024))
        let files = try fixture.writeLeaf(leaf, name: "bad-input-rsa1024")
        OutputAssertions.assertFailure(
            try fetch(certificate: files.certificate, key: files.key), exitCode: 65, containing: "RSA keys under 2048 bits are refused")
    }

    func testMalformedARN() throws {
        var session = fixture.sessionArguments
        session[session.firstIndex(of: "--profile-arn")! + 1] = "arn:aws:rolesanywhere:us-east-1:123:profile/x"
        OutputAssertions.assertFailure(
            try fetch(certificate: good.certificate, key: good.key, session: session), exitCode: 65,
            containing: "--profile-arn 'arn:aws:rolesanywhere:us-east-1:123:profile/x' is not a valid ARN: the account id must be 12 digits")
    }

    func testTrustAnchorAndProfileInDifferentRegions() throws {
        var session = fixture.sessionArguments
        let index = session.firstIndex(of: "--profile-arn")! + 1
        session[index] = session[index].replacingOccurrences(of: ":us-east-1:", with: ":eu-west-1:")
        OutputAssertions.assertFailure(
            try fetch(certificate: good.certificate, key: good.key, session: session), exitCode: 65,
            containing: "the trust anchor is in us-east-1 but the profile is in eu-west-1")
    }

    func testDurationOutOfRange() throws {
        for duration in ["899", "43201"] {
            OutputAssertions.assertFailure(
                try fetch(certificate: good.certificate, key: good.key, ["--session-duration", duration]), exitCode: 65,
                containing: "--session-duration \(duration) is out of range: use 900 to 43200 seconds")
        }
    }

    func testUntrustedCertificateIsRefusedByTheService() throws {
        let stranger = try TestCertificateAuthority(name: "Stranger CA", keyType: .p256)
        let files = try fixture.writeLeaf(try stranger.issueLeaf(LeafOptions(commonName: "bad-input-stranger")), name: "bad-input-stranger")
        OutputAssertions.assertFailure(
            try fetch(certificate: files.certificate, key: files.key), exitCode: 67,
            containing: "the service refused the request: AccessDeniedException: Untrusted signing certificate - the emulator's reason: no valid chain to a CA of the trust anchor")
    }

    func testEndpointWhoseTLSCertificateIsNotTrusted() throws {
        var session = fixture.sessionArguments
        session.removeLast(2)  // --ca-bundle
        OutputAssertions.assertFailure(
            try fetch(certificate: good.certificate, key: good.key, session: session), exitCode: 68,
            containing: "is not trusted: pass its CA with --ca-bundle")
    }
}
