import Foundation
import RolesAnywhereTestSupport
import XCTest

/// `roles-anywhere update` killed with SIGKILL at random moments while it rewrites the
/// credentials file: the file is always whole (the old text or a complete new one), never
/// truncated, and every file it leaves is mode 0600.
final class UpdateKillTests: XCTestCase {
    /// Fails unless `text` is `original` untouched or `original` with complete new `[ra]` keys;
    /// returns the access key id found in `[ra]`.
    @discardableResult
    private func assertWhole(_ text: String, original: String, _ context: String, file: StaticString = #filePath, line: UInt = #line)
        -> String?
    {
        if text == original { return nil }
        guard let keys = UpdateEndToEndTests.profileKeys(text) else {
            XCTFail("\(context): [ra] is incomplete (\(text.utf8.count) of about \(original.utf8.count) bytes)", file: file, line: line)
            return nil
        }
        XCTAssertNotNil(keys.accessKeyID.range(of: "^ASIA[A-Z2-7]{16}$", options: .regularExpression), context, file: file, line: line)
        XCTAssertTrue(
            text == UpdateEndToEndTests.expected(accessKeyID: keys.accessKeyID, secret: keys.secret, token: keys.token, original: original),
            "\(context): the rest of the file changed (\(text.utf8.count) bytes)", file: file, line: line)
        return keys.accessKeyID
    }

    func testSIGKILLAtRandomMomentsNeverLeavesAPartialFile() async throws {
        let fixture = try EndToEndFixture.get()
        let service = try await FaultServer(behavior: .issue(lifetime: 4), folder: fixture.files.directory)
        defer { service.stop() }
        let folder = try TestFiles()
        defer { folder.removeAll() }
        // About 1 MB of other sections, so a write takes long enough for kills to land inside it.
        let filler = (0..<20000).map { "[filler-\($0)]\nnote = kept byte for byte \($0)\n" }.joined()
        let original = UpdateEndToEndTests.original + filler
        let path = try folder.write(original, name: "credentials")
        let arguments = ["update", "--profile", "ra", "--refresh-margin", "3"]
            + (try ServeFixture.keyArguments(fixture, name: "update-kill")) + ServeFixture.sessionArguments(fixture, server: service)
        let environment = ["AWS_SHARED_CREDENTIALS_FILE": path]

        // How long after its start update first writes the file: kills are aimed around that moment.
        let firstWrite = try await Self.timeToFirstWrite(arguments, environment: environment, path: path, original: original)
        for kill in 1...25 {
            let earlier = try Self.temporaryFiles(folder)
            let command = try LongRunningCommand(arguments, environment: environment)
            if kill.isMultiple(of: 2) {
                // Aimed: killed as soon as a new temporary file shows up, in the middle of a write.
                let deadline = Date().addingTimeInterval(firstWrite * 3 + 1)
                while try Self.temporaryFiles(folder).subtracting(earlier).isEmpty, Date() < deadline {}
            } else {
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...Int(firstWrite * 2000))))
            }
            command.stop(signal: SIGKILL)
            assertWhole(try String(contentsOfFile: path, encoding: .utf8), original: original, "after kill \(kill)")
        }

        // One more run, killed only after its first write and two rewrites with new credentials.
        var keysSeen = [UpdateEndToEndTests.profileKeys(try String(contentsOfFile: path, encoding: .utf8))?.accessKeyID ?? ""]
        let command = try LongRunningCommand(arguments, environment: environment)
        let deadline = Date().addingTimeInterval(20)
        while keysSeen.count < 4, Date() < deadline {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            if let key = assertWhole(text, original: original, "while running"), key != keysSeen.last { keysSeen.append(key) }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(Int.random(in: 0...900)))
        let ending = command.stop(signal: SIGKILL)
        XCTAssertTrue(ending.signaled, "update ended before the kill: \(ending.stderr)")
        XCTAssertEqual(keysSeen.count, 4, "update did not rewrite the file as its credentials neared expiry")
        assertWhole(try String(contentsOfFile: path, encoding: .utf8), original: original, "after the last kill")

        // Whatever is left (the file, its lock, temporary files of interrupted writes) is 0600.
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.directory) {
            XCTAssertTrue(
                ["credentials", "credentials.lock"].contains(name) || name.hasPrefix(".credentials.tmp-"), "unexpected file \(name)")
            let mode = try FileManager.default.attributesOfItem(atPath: folder.path(name))[.posixPermissions] as? Int
            XCTAssertEqual(mode.map { $0 & 0o777 }, 0o600, name)
        }
    }

    /// The names of the temporary files of interrupted writes in `folder`.
    private static func temporaryFiles(_ folder: TestFiles) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: folder.directory).filter { $0.hasPrefix(".credentials.tmp-") })
    }

    /// Runs update until the file changes, then kills it; returns the seconds from start to change
    /// (at most 10 s).
    private static func timeToFirstWrite(
        _ arguments: [String], environment: [String: String], path: String, original: String
    ) async throws -> TimeInterval {
        let started = Date()
        let command = try LongRunningCommand(arguments, environment: environment)
        defer { command.stop(signal: SIGKILL) }
        while Date().timeIntervalSince(started) < 10 {
            if try String(contentsOfFile: path, encoding: .utf8) != original { break }
            try await Task.sleep(for: .milliseconds(2))
        }
        return Date().timeIntervalSince(started)
    }
}
