import Foundation
@testable import RolesAnywhereEmulator
import XCTest

/// The local AWS's state in a real SQLite database: it survives a restart, and a file that is
/// not this emulator's database is refused with one line and left as it was.
final class EmulatorStateTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "emulator-state-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func role(_ name: String) -> IAMRole {
        IAMRole(
            roleName: name, roleId: "AROAEXAMPLEEXAMPLE123", arn: "arn:aws:iam::123456789012:role/\(name)", path: "/",
            description: nil, maxSessionDuration: 3600, assumeRolePolicyDocument: EmulatorState.quickStartTrustPolicy,
            createDate: Date(timeIntervalSince1970: 1_700_000_000), attachedPolicyArns: [], tags: [])
    }

    /// Opens the state, runs `body`, and lets it go (its folder lock with it).
    private func withState<T>(_ body: (EmulatorState) async throws -> T) async throws -> T {
        let state = try EmulatorState(folder: folder)
        return try await body(state)
    }

    func testResourcesAndAdministratorKeysSurviveAReopen() async throws {
        let kept = role("kept")
        let keys = try await withState { first in
            try await first.change { _, _ in ([.role(kept)], ()) }
            return first.administrator
        }
        let second = try EmulatorState(folder: folder)
        XCTAssertEqual(second.snapshot.roles["arn:aws:iam::123456789012:role/kept"]?.roleName, "kept")
        XCTAssertNotNil(second.directory.roles["arn:aws:iam::123456789012:role/kept"], "CreateSession sees the reopened role")
        XCTAssertEqual(second.administrator.accessKeyID, keys.accessKeyID)
        let file = try String(contentsOfFile: second.adminCredentialsPath, encoding: .utf8)
        XCTAssertEqual(file, "[default]\naws_access_key_id = \(keys.accessKeyID)\naws_secret_access_key = \(keys.secretAccessKey)\n")
        let mode = try FileManager.default.attributesOfItem(atPath: second.adminCredentialsPath)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
    }

    func testAFailedChangeLeavesNothingBehind() async throws {
        struct Refused: Error {}
        try await withState { state in
            do {
                try await state.change { _, _ -> (changes: [EmulatorState.Change], result: Void) in throw Refused() }
                XCTFail("the change should fail")
            } catch is Refused {}
            XCTAssertTrue(state.snapshot.roles.isEmpty)
        }
        XCTAssertTrue(try EmulatorState(folder: folder).snapshot.roles.isEmpty)
    }

    func testOneFolderServesOneEmulatorAtATime() async throws {
        try await withState { _ in
            XCTAssertThrowsError(try EmulatorState(folder: folder)) { error in
                XCTAssertEqual(
                    "\(error)",
                    "the state folder '\(folder)' is in use by another roles-anywhere-emulator: stop it or choose another --state-dir")
            }
        }
        XCTAssertNoThrow(try EmulatorState(folder: folder), "the lock goes with the state")
    }

    func testTheDatabaseAndItsLogAreOnlyTheOwners() throws {
        let state = try EmulatorState(folder: folder)
        try withExtendedLifetime(state) {
            for file in [StateDatabase.fileName, StateDatabase.fileName + "-wal"] {
                let mode = try FileManager.default.attributesOfItem(atPath: folder + "/" + file)[.posixPermissions] as? Int
                XCTAssertEqual(mode, 0o600, file)
            }
        }
    }

    func testAFileThatIsNotSQLiteIsRefusedAndKept() throws {
        let path = folder + "/" + StateDatabase.fileName
        let garbage = Data("this is not a database, and it is someone's file\n".utf8)
        try garbage.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try EmulatorState(folder: folder)) { error in
            XCTAssertEqual(
                "\(error)",
                "the state database '\(path)' is not an SQLite database (corrupt or foreign): move it away or choose another --state-dir")
        }
        XCTAssertEqual(FileManager.default.contents(atPath: path), garbage)
    }

    func testAnotherProgramsSQLiteDatabaseIsRefused() throws {
        let path = folder + "/" + StateDatabase.fileName
        let made = Process()
        made.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        made.arguments = ["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table notes(x)'); c.commit()", path]
        try made.run()
        made.waitUntilExit()
        let before = FileManager.default.contents(atPath: path)
        XCTAssertThrowsError(try EmulatorState(folder: folder)) { error in
            XCTAssertEqual("\(error)", "the state database '\(path)' belongs to another program (application_id 0): choose another --state-dir")
        }
        XCTAssertEqual(FileManager.default.contents(atPath: path), before)
    }

    func testTheStateOfAnotherAccountIsRefused() async throws {
        try await withState { _ in }
        XCTAssertThrowsError(try EmulatorState(folder: folder, accountID: "210987654321")) { error in
            XCTAssertEqual(
                "\(error)",
                "the state in '\(folder)' is for account 123456789012 in us-east-1, not 210987654321 in us-east-1: choose another --state-dir")
        }
    }

    func testADisabledTrustAnchorIsSeenByTheVeryNextRead() async throws {
        let state = try EmulatorState(folder: folder)
        let anchor = LocalResource.TrustAnchor(
            trustAnchorId: "a", trustAnchorArn: state.arn("trust-anchor", "a"), name: "a",
            source: .init(sourceType: "CERTIFICATE_BUNDLE", sourceData: .init(x509CertificateData: "", acmPcaArn: nil)),
            enabled: true, notificationSettings: [], createdAt: "", updatedAt: "")
        try await state.change { _, _ in ([.trustAnchor(anchor)], ()) }
        XCTAssertEqual(state.directory.trustAnchors[anchor.trustAnchorArn]?.enabled, true)
        var disabled = anchor
        disabled.enabled = false
        let change = EmulatorState.Change.trustAnchor(disabled)
        try await state.change { _, _ in ([change], ()) }
        XCTAssertEqual(state.directory.trustAnchors[anchor.trustAnchorArn]?.enabled, false)
    }
}
