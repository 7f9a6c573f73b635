import Foundation
import RolesAnywhereTestSupport
import XCTest

/// `credential-process` reads its arguments without ArgumentParser; these tests keep that
/// reader and the `--help` that ArgumentParser prints in step, and its mistakes one line each.
final class CredentialProcessArgumentTests: XCTestCase {
    func testEveryFlagOfTheHelpIsKnownToTheFastPath() throws {
        let fixture = try EndToEndFixture.get()
        let help = try fixture.run(["credential-process", "--help"])
        XCTAssertEqual(help.status, 0, help.stderr)
        let pattern = try NSRegularExpression(pattern: "--[a-z0-9][a-z0-9-]*")
        let text = help.stdout as NSString
        let flags = Set(pattern.matches(in: help.stdout, range: NSRange(location: 0, length: text.length)).map { text.substring(with: $0.range) })
            .subtracting(["--help", "--version"])
        XCTAssertGreaterThanOrEqual(flags.count, 20, help.stdout)
        for flag in flags {
            let outcome = try fixture.run(["credential-process", flag])
            XCTAssertFalse(outcome.stderr.contains("unknown option"), "\(flag): \(outcome.stderr)")
            XCTAssertEqual(outcome.status, 64, "\(flag): \(outcome.stderr)")
        }
    }

    func testUsageMistakesAreOneLineWithExit64() throws {
        let fixture = try EndToEndFixture.get()
        let cases: [([String], String)] = [
            (["--bogus"], "roles-anywhere: unknown option '--bogus' for credential-process; see roles-anywhere credential-process --help"),
            (["--certificate"], "roles-anywhere: --certificate needs a value"),
            (["--session-duration", "ten"], "roles-anywhere: --session-duration 'ten' is not a whole number"),
            (["stray"], "roles-anywhere: unexpected argument 'stray' for credential-process; see roles-anywhere credential-process --help"),
            (["--bogus\u{1B}[2J"], "roles-anywhere: unknown option '--bogus\\u{1b}[2J' for credential-process; see roles-anywhere credential-process --help"),
            ([], "roles-anywhere: credential-process needs --certificate, --trust-anchor-arn, --profile-arn, --role-arn"),
        ]
        for (arguments, expected) in cases {
            let outcome = try fixture.run(["credential-process"] + arguments)
            XCTAssertEqual(outcome.status, 64, "\(arguments)")
            XCTAssertEqual(outcome.stdout, "")
            XCTAssertEqual(outcome.stderr, expected + "\n", "\(arguments)")
        }
    }

    func testOtherCommandsUsageMistakesAreOneLineToo() throws {
        let fixture = try EndToEndFixture.get()
        for arguments in [["serve", "--bogus"], ["update", "--port"], ["token", "keygen"], ["no-such-command"]] {
            let outcome = try fixture.run(arguments)
            XCTAssertEqual(outcome.status, 64, "\(arguments): \(outcome.stderr)")
            XCTAssertEqual(outcome.stdout, "")
            let lines = outcome.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, "\(arguments): \(outcome.stderr)")
            XCTAssertTrue(outcome.stderr.hasPrefix("roles-anywhere: ") && outcome.stderr.hasSuffix(" (see roles-anywhere --help)\n"), outcome.stderr)
        }
        let help = try fixture.run(["serve", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("USAGE: roles-anywhere serve"), help.stdout)
    }

    func testAPlainHTTPEndpointOffThisMachineIsWarnedAbout() throws {
        let fixture = try EndToEndFixture.get()
        let leaf = try fixture.writeLeaf(try fixture.root.issueLeaf(LeafOptions(commonName: "plain-http")), name: "plain-http")
        var session = fixture.sessionArguments
        if let index = session.firstIndex(of: "--endpoint") { session.removeSubrange(index...(index + 1)) }
        // Through a "proxy" on a closed loopback port: nothing leaves this machine.
        let outcome = try fixture.run(
            ["credential-process", "--certificate", leaf.certificate, "--private-key", leaf.key, "--no-cache", "--endpoint",
             "http://example.com:8080", "--with-proxy"] + session,
            environment: ["HTTPS_PROXY": "http://user:proxy-secret@127.0.0.1:9"], timeout: 60)
        XCTAssertTrue(
            outcome.stderr.hasPrefix(
                "roles-anywhere: WARNING: --endpoint http://example.com:8080 is plain HTTP to another machine: the request and the credentials cross the network unencrypted\n"),
            outcome.stderr)
        XCTAssertTrue(outcome.stderr.hasSuffix("roles-anywhere: cannot connect to the proxy 127.0.0.1:9: connection refused\n"), outcome.stderr)
        XCTAssertFalse(outcome.stderr.contains("proxy-secret"))
        XCTAssertEqual(outcome.status, 68, outcome.stderr)
    }

    func testVersionAnswersWithoutTheCommandTree() throws {
        let fixture = try EndToEndFixture.get()
        for arguments in [["version"], ["--version"]] {
            let outcome = try fixture.run(arguments)
            XCTAssertEqual(outcome.status, 0)
            XCTAssertEqual(outcome.stdout, "0.1.0\n")
            XCTAssertEqual(outcome.stderr, "")
        }
    }

    func testTimeoutsAreBounded() throws {
        let fixture = try EndToEndFixture.get()
        let leaf = try fixture.writeLeaf(try fixture.root.issueLeaf(LeafOptions(commonName: "timeouts")), name: "timeouts")
        for flag in ["--read-timeout", "--connect-timeout"] {
            for value in ["9223372036854775807", "0", "3601"] {
                OutputAssertions.assertFailure(
                    try fixture.run(
                        ["credential-process", "--certificate", leaf.certificate, "--private-key", leaf.key, "--no-cache", flag, value]
                            + fixture.sessionArguments),
                    exitCode: 65, containing: "--connect-timeout and --read-timeout must be 1 to 3600 seconds")
            }
        }
    }

    func testEqualsFormAndLastValueWins() throws {
        let fixture = try EndToEndFixture.get()
        let leaf = try fixture.writeLeaf(try fixture.root.issueLeaf(LeafOptions(commonName: "equals-form")), name: "equals-form")
        OutputAssertions.assertCredentials(
            try fixture.run(
                ["credential-process", "--certificate=\(leaf.certificate)", "--private-key", "/nonexistent", "--private-key=\(leaf.key)",
                 "--no-cache"] + fixture.sessionArguments))
    }
}
