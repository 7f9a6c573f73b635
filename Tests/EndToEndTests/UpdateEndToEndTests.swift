import Foundation
import RolesAnywhereTestSupport
import XCTest

/// `roles-anywhere update --once` writes `[profile]` of the shared credentials file, keeps
/// everything else byte-for-byte, mode 0600, and the AWS CLI uses the profile.
final class UpdateEndToEndTests: XCTestCase {
    /// A credentials file with other sections, comments, odd spacing and an old `[ra]`.
    static let original = """
        # credentials of this machine
        ; keep me

        [default]
        aws_access_key_id=AKIAOTHEROTHEROTHER1
          aws_secret_access_key   =   other-secret\t

        [ra]
        # written by roles-anywhere update
        aws_access_key_id = ASIAOLDOLDOLDOLDOLD1
        aws_secret_access_key = old-secret
        aws_session_token = old-token

        [zeta]
        region = eu-west-1

        """

    /// ``original`` with `[ra]` holding these keys.
    static func expected(accessKeyID: String, secret: String, token: String, original: String = original) -> String {
        original.replacingOccurrences(
            of: "aws_access_key_id = ASIAOLDOLDOLDOLDOLD1\naws_secret_access_key = old-secret\naws_session_token = old-token\n",
            with: "aws_access_key_id = \(accessKeyID)\naws_secret_access_key = \(secret)\naws_session_token = \(token)\n")
    }

    /// The values of the three keys in `[ra]` of `text`.
    static func profileKeys(_ text: String) -> (accessKeyID: String, secret: String, token: String)? {
        guard let section = text.range(of: "\n[ra]\n") else { return nil }
        var values: [String: String] = [:]
        for line in text[section.upperBound...].split(separator: "\n").prefix(4) {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        guard let key = values["aws_access_key_id"], let secret = values["aws_secret_access_key"],
            let token = values["aws_session_token"]
        else { return nil }
        return (key, secret, token)
    }

    func testUpdateOnceWritesTheProfileKeepingEverythingElseAndTheAWSCLIUsesIt() throws {
        _ = try ServeFixture.awsCLI()
        let fixture = try EndToEndFixture.get()
        let path = try fixture.files.write(Self.original, name: "credentials-\(UUID().uuidString.prefix(6))")
        let outcome = try fixture.run(
            ["update", "--once", "--profile", "ra", "--role-session-name", "update-once"]
                + (try ServeFixture.keyArguments(fixture, name: "update-once")) + fixture.sessionArguments,
            environment: ["AWS_SHARED_CREDENTIALS_FILE": path], timeout: 30)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stdout, "")

        let text = try String(contentsOfFile: path, encoding: .utf8)
        let keys = try XCTUnwrap(Self.profileKeys(text), text)
        XCTAssertNotNil(keys.accessKeyID.range(of: "^ASIA[A-Z2-7]{16}$", options: .regularExpression))
        XCTAssertEqual(text, Self.expected(accessKeyID: keys.accessKeyID, secret: keys.secret, token: keys.token))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        XCTAssertEqual(mode.map { $0 & 0o777 }, 0o600)

        let arn = try ServeFixture.callerARN(fixture, environment: ["AWS_SHARED_CREDENTIALS_FILE": path], arguments: ["--profile", "ra"])
        XCTAssertEqual(arn, "arn:aws:sts::123456789012:assumed-role/roles-anywhere-demo/update-once")
    }
}
