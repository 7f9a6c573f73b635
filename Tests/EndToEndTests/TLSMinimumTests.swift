import Foundation
import RolesAnywhereTestSupport
import XCTest

/// The client speaks TLS 1.2 or newer only: a service offering TLS 1.1 at most is refused in the
/// handshake, before any request (and its signature) is sent.
final class TLSMinimumTests: XCTestCase {
    func testAServerOfferingOnlyTLS11IsRefused() throws {
        let fixture = try EndToEndFixture.get()
        let files = fixture.files
        let key = files.path("tls11.key")
        let certificate = files.path("tls11.pem")
        let made = try ProcessRunner(
            "/usr/bin/openssl",
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", certificate,
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1"]
        ).run()
        XCTAssertEqual(made.status, 0, made.stderr)
        let port = Int.random(in: 40_000...59_999)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        server.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", certificate, "-key", key, "-tls1_1",
                            "-cipher", "DEFAULT@SECLEVEL=0", "-www", "-quiet"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            kill(server.processIdentifier, SIGKILL)  // whatever signals this test process ignores
            server.waitUntilExit()
        }
        usleep(500_000)
        let leaf = try fixture.writeLeaf(try fixture.root.issueLeaf(LeafOptions(commonName: "tls11")), name: "tls11-leaf")
        var session = fixture.sessionArguments
        if let index = session.firstIndex(of: "--endpoint") { session[index + 1] = "https://127.0.0.1:\(port)" }
        if let index = session.firstIndex(of: "--ca-bundle") { session[index + 1] = certificate }
        let outcome = try fixture.run(["credential-process", "--certificate", leaf.certificate, "--private-key", leaf.key, "--no-cache"] + session)
        OutputAssertions.assertFailure(
            outcome, exitCode: 68, containing: "it offers no TLS version from 1.2 up, which this client requires")
    }
}
