import Foundation
import RolesAnywhereTestSupport
import XCTest

/// The credential cache of `credential-process`: parallel cold runs share one CreateSession,
/// hits make none, and files that cannot be trusted are replaced.
final class CredentialProcessCacheTests: XCTestCase {
    private func prepare(_ name: String) throws -> (EndToEndFixture, [String], String) {
        let fixture = try EndToEndFixture.get()
        let files = try fixture.writeLeaf(try fixture.root.issueLeaf(LeafOptions(commonName: name)), name: name)
        let cacheDir = fixture.files.path("cache-\(name)")
        let arguments = ["credential-process", "--certificate", files.certificate, "--private-key", files.key, "--cache-dir", cacheDir]
            + fixture.sessionArguments
        return (fixture, arguments, cacheDir)
    }

    private func createSessions(_ fixture: EndToEndFixture, subject: String) -> Int {
        fixture.emulator.auditRecords().filter { $0["subject"] as? String == "CN=\(subject)" && $0["outcome"] as? String == "issued" }.count
    }

    func testTwentyParallelColdRunsMakeOneCreateSession() throws {
        let (fixture, arguments, _) = try prepare("cache-parallel")
        let outcomes = try (0..<20).map { _ in
            try ProcessRunner(BuiltProducts.rolesAnywhere, arguments)
        }.concurrentRun()
        for outcome in outcomes { OutputAssertions.assertCredentials(outcome) }
        XCTAssertEqual(Set(outcomes.map(\.stdout)).count, 1, "every run prints the same cached credentials")
        XCTAssertEqual(createSessions(fixture, subject: "cache-parallel"), 1)
    }

    func testHitMakesNoRequestAndNoCacheFlagAlwaysFetches() throws {
        let (fixture, arguments, _) = try prepare("cache-hit")
        let first = try fixture.run(arguments)
        let second = try fixture.run(arguments)
        OutputAssertions.assertCredentials(first)
        XCTAssertEqual(first.stdout, second.stdout)
        XCTAssertEqual(createSessions(fixture, subject: "cache-hit"), 1)
        let fresh = try fixture.run(arguments + ["--no-cache"])
        OutputAssertions.assertCredentials(fresh)
        XCTAssertNotEqual(fresh.stdout, first.stdout)
        XCTAssertEqual(createSessions(fixture, subject: "cache-hit"), 2)
    }

    func testCacheFilesArePrivate() throws {
        let (fixture, arguments, cacheDir) = try prepare("cache-modes")
        OutputAssertions.assertCredentials(try fixture.run(arguments))
        let folder = try FileManager.default.attributesOfItem(atPath: cacheDir)
        XCTAssertEqual((folder[.posixPermissions] as? NSNumber)?.intValue, 0o700)
        let entries = try FileManager.default.contentsOfDirectory(atPath: cacheDir).filter { $0.hasSuffix(".json") }
        XCTAssertEqual(entries.count, 1)
        let entry = try FileManager.default.attributesOfItem(atPath: "\(cacheDir)/\(entries[0])")
        XCTAssertEqual((entry[.posixPermissions] as? NSNumber)?.intValue, 0o600)
    }

    func testGarbageExpiredAndExposedEntriesAreReplaced() throws {
        let (fixture, arguments, cacheDir) = try prepare("cache-tamper")
        OutputAssertions.assertCredentials(try fixture.run(arguments))
        let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: cacheDir).first { $0.hasSuffix(".json") })
        let path = "\(cacheDir)/\(name)"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let expired = original.replacingOccurrences(
            of: #""expiration":"[^"]+""#, with: #""expiration":"2020-01-01T00:00:00Z""#, options: .regularExpression)
        let tampered: [(String, Int16)] = [("garbage {{{", 0o600), (expired, 0o600), (original, 0o644)]
        var expectedSessions = 1
        for (content, mode) in tampered {
            try content.write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, mode_t(mode))
            let outcome = try fixture.run(arguments)
            OutputAssertions.assertCredentials(outcome)
            expectedSessions += 1
            XCTAssertEqual(createSessions(fixture, subject: "cache-tamper"), expectedSessions, "an untrusted entry causes a new fetch")
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600, "the entry is rewritten privately")
        }
    }

    func testCacheClearWithoutAFolderUsesTheDefaultOne() throws {
        let fixture = try EndToEndFixture.get()
        let files = try fixture.writeLeaf(try fixture.root.issueLeaf(LeafOptions(commonName: "cache-default")), name: "cache-default")
        let home = fixture.files.path("cache-default-home")
        let arguments = ["credential-process", "--certificate", files.certificate, "--private-key", files.key] + fixture.sessionArguments
        OutputAssertions.assertCredentials(try fixture.run(arguments, environment: ["XDG_CACHE_HOME": home]))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: "\(home)/roles-anywhere").filter { $0.hasSuffix(".json") }.count, 1)
        let cleared = try fixture.run(["cache", "clear"], environment: ["XDG_CACHE_HOME": home])
        XCTAssertEqual(cleared.status, 0, cleared.stderr)
        XCTAssertEqual(cleared.stderr, "roles-anywhere: removed 2 file(s) from \(home)/roles-anywhere\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: "\(home)/roles-anywhere"), [])
    }

    func testCacheClearRemovesEntries() throws {
        let (fixture, arguments, cacheDir) = try prepare("cache-clear")
        OutputAssertions.assertCredentials(try fixture.run(arguments))
        let cleared = try fixture.run(["cache", "clear", "--cache-dir", cacheDir])
        XCTAssertEqual(cleared.status, 0, cleared.stderr)
        XCTAssertTrue(try FileManager.default.contentsOfDirectory(atPath: cacheDir).isEmpty)
        OutputAssertions.assertCredentials(try fixture.run(arguments))
        XCTAssertEqual(createSessions(fixture, subject: "cache-clear"), 2)
    }
}

extension Array where Element == ProcessRunner {
    /// Runs every program at the same time and returns their outcomes in order.
    func concurrentRun() throws -> [ProcessRunner.Outcome] {
        let results = LockedResults(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            results.set(index, Result { try self[index].run() })
        }
        return try results.values.map { try $0.get() }
    }
}

private final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Result<ProcessRunner.Outcome, any Error>?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<ProcessRunner.Outcome, any Error>) { lock.withLock { storage[index] = value } }

    var values: [Result<ProcessRunner.Outcome, any Error>] {
        lock.withLock { storage.map { $0 ?? .failure(TestSupportError("a run did not finish")) } }
    }
}
