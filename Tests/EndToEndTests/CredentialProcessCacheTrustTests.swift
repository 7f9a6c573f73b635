import Foundation
import RolesAnywhereTestSupport
import XCTest

/// The cache answers only for the key that made the entry, and never costs the caller its
/// credentials: a folder that is not private, an unusable or held lock, or an entry that cannot
/// be written is a warning on stderr, and the credentials are printed all the same.
final class CredentialProcessCacheTrustTests: XCTestCase {
    private struct Setup {
        var fixture: EndToEndFixture
        var leaf: EndToEndFixture.LeafFiles
        var cacheDir: String
        var arguments: [String]
    }

    private func prepare(_ name: String) throws -> Setup {
        let fixture = try EndToEndFixture.get()
        let leaf = try fixture.writeLeaf(try fixture.root.issueLeaf(LeafOptions(commonName: name)), name: name)
        let cacheDir = fixture.files.path("cache-\(name)")
        return Setup(
            fixture: fixture, leaf: leaf, cacheDir: cacheDir,
            arguments: ["credential-process", "--certificate", leaf.certificate, "--cache-dir", cacheDir] + fixture.sessionArguments)
    }

    private func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    /// The one warning line, and the credentials on stdout.
    private func assertWarnedButServed(_ outcome: ProcessRunner.Outcome, containing fragment: String, line: UInt = #line) {
        OutputAssertions.assertCredentials(outcome, line: line)
        let lines = outcome.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "stderr: \(outcome.stderr)", line: line)
        XCTAssertTrue(outcome.stderr.hasPrefix("roles-anywhere: WARNING: "), "stderr: \(outcome.stderr)", line: line)
        XCTAssertTrue(outcome.stderr.contains(fragment), "stderr lacks '\(fragment)': \(outcome.stderr)", line: line)
    }

    func testAnotherMissingOrAbsentKeyNeverGetsTheEntry() throws {
        let setup = try prepare("cache-key-identity")
        OutputAssertions.assertCredentials(try setup.fixture.run(setup.arguments + ["--private-key", setup.leaf.key]))
        let other = try setup.fixture.writeLeaf(
            try setup.fixture.root.issueLeaf(LeafOptions(commonName: "cache-key-other", keyIndex: 6)), name: "cache-key-other")
        OutputAssertions.assertFailure(
            try setup.fixture.run(setup.arguments + ["--private-key", other.key]), exitCode: 65,
            containing: "does not belong to the certificate")
        OutputAssertions.assertFailure(
            try setup.fixture.run(setup.arguments + ["--private-key", setup.fixture.files.path("no-such.key")]), exitCode: 65,
            containing: "no such file")
        let noKey = try setup.fixture.run(setup.arguments)
        XCTAssertEqual(noKey.status, 65, noKey.stderr)
        XCTAssertEqual(noKey.stdout, "")
        // A changed key file at the same path is another key too.
        let moved = setup.fixture.files.path("cache-key-identity-moved.key")
        try FileManager.default.copyItem(atPath: other.key, toPath: moved)
        OutputAssertions.assertFailure(
            try setup.fixture.run(setup.arguments + ["--private-key", moved]), exitCode: 65, containing: "does not belong to the certificate")
        XCTAssertEqual(entries(setup.cacheDir).count, 1, "failed runs store nothing")
    }

    func testAnUnwritableEntryIsAWarningAndTheCredentialsArePrinted() throws {
        let setup = try prepare("cache-unwritable")
        let arguments = setup.arguments + ["--private-key", setup.leaf.key]
        OutputAssertions.assertCredentials(try setup.fixture.run(arguments))
        let name = try XCTUnwrap(entries(setup.cacheDir).first)
        // A folder where the entry goes: the rename of the fresh entry fails, as on a full disk.
        try FileManager.default.removeItem(atPath: "\(setup.cacheDir)/\(name)")
        try FileManager.default.createDirectory(atPath: "\(setup.cacheDir)/\(name)", withIntermediateDirectories: false)
        assertWarnedButServed(try setup.fixture.run(arguments), containing: "they are printed but not cached")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: setup.cacheDir).filter { $0.contains(".tmp-") }, [],
            "no temporary file is left behind")
    }

    func testAFolderThatCannotBeMadeIsAWarning() throws {
        let setup = try prepare("cache-no-folder")
        let blocker = setup.fixture.files.path("cache-no-folder-file")
        FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8))
        let outcome = try setup.fixture.run(
            ["credential-process", "--certificate", setup.leaf.certificate, "--private-key", setup.leaf.key, "--cache-dir", "\(blocker)/sub"]
                + setup.fixture.sessionArguments)
        assertWarnedButServed(outcome, containing: "cannot use the cache folder")
    }

    func testAFolderOthersCanWriteIsNotUsed() throws {
        let setup = try prepare("cache-shared-folder")
        try FileManager.default.createDirectory(atPath: setup.cacheDir, withIntermediateDirectories: true)
        chmod(setup.cacheDir, 0o777)
        assertWarnedButServed(
            try setup.fixture.run(setup.arguments + ["--private-key", setup.leaf.key]), containing: "is not private (others can write into it)")
        XCTAssertEqual(entries(setup.cacheDir), [], "nothing is stored in a folder others can write")
    }

    func testALinkAtTheLockPathIsNotFollowed() throws {
        let setup = try prepare("cache-lock-link")
        let arguments = setup.arguments + ["--private-key", setup.leaf.key]
        OutputAssertions.assertCredentials(try setup.fixture.run(arguments))
        let name = try XCTUnwrap(entries(setup.cacheDir).first)
        let stem = String(name.dropLast(".json".count))
        try FileManager.default.removeItem(atPath: "\(setup.cacheDir)/\(name)")
        try? FileManager.default.removeItem(atPath: "\(setup.cacheDir)/\(stem).lock")
        let target = setup.fixture.files.path("cache-lock-link-target")
        try FileManager.default.createSymbolicLink(atPath: "\(setup.cacheDir)/\(stem).lock", withDestinationPath: target)
        assertWarnedButServed(try setup.fixture.run(arguments), containing: "it is a symbolic link")
        XCTAssertFalse(FileManager.default.fileExists(atPath: target), "the link's target was not created")
    }

    func testALockHeldByAnotherProcessIsAWarningAfterABoundedWait() throws {
        let setup = try prepare("cache-lock-held")
        let arguments = setup.arguments + ["--private-key", setup.leaf.key]
        OutputAssertions.assertCredentials(try setup.fixture.run(arguments))
        let name = try XCTUnwrap(entries(setup.cacheDir).first)
        try FileManager.default.removeItem(atPath: "\(setup.cacheDir)/\(name)")
        let lockPath = "\(setup.cacheDir)/\(name.dropLast(".json".count)).lock"
        let holder = open(lockPath, O_RDWR | O_CREAT, 0o600)
        XCTAssertEqual(flock(holder, LOCK_EX), 0)
        defer { close(holder) }
        assertWarnedButServed(try setup.fixture.run(arguments), containing: "has held the cache lock")
    }
}
