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
