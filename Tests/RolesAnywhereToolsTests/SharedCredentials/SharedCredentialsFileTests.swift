import Foundation
import RolesAnywhereTestSupport
import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

/// Writing secrets to disk: modes 0600 (file) and 0700 (created folders), nothing left behind.
final class SharedCredentialsFileTests: XCTestCase {
    private var files: TestFiles!

    override func setUpWithError() throws {
        files = try TestFiles()
    }

    override func tearDown() {
        files.removeAll()
    }

    /// The permission bits of `path`.
    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try XCTUnwrap(attributes[.posixPermissions] as? Int) & 0o777
    }

    /// The names in a folder, sorted.
    private func names(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    func testAtomicWriteGivesMode0600AndLeavesNoTemporaryFile() throws {
        let path = files.path("secret")
        try AtomicFileWriter.write(Array("first\n".utf8), to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "first\n")
        XCTAssertEqual(try mode(path), 0o600)
        XCTAssertEqual(try names(files.directory), ["secret"])
    }

    func testAtomicWriteReplacesAReadableFileWithA0600One() throws {
        let path = try files.write("old\n", name: "secret")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try AtomicFileWriter.write(Array("new\n".utf8), to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new\n")
        XCTAssertEqual(try mode(path), 0o600)
        XCTAssertEqual(try names(files.directory), ["secret"])
    }

    func testMissingFoldersAreCreatedSearchableByTheirOwnerOnly() throws {
        let path = files.path("home/.aws/credentials")
        try AtomicFileWriter.write(Array("x\n".utf8), to: path)
        XCTAssertEqual(try mode(files.path("home")), 0o700)
        XCTAssertEqual(try mode(files.path("home/.aws")), 0o700)
        XCTAssertEqual(try mode(path), 0o600)
        XCTAssertEqual(try names(files.path("home/.aws")), ["credentials"])
    }

    func testUpdateKeepsTheRestOfTheFileAndLeavesOnlyTheLockBeside() throws {
        let path = try files.write("# mine\n[default]\nregion = eu-west-1\n", name: "credentials")
        let credentials = AWSCredentials(
            accessKeyID: "ASIAUPDATEUPDATE0001", secretAccessKey: "s3cr3t", sessionToken: "t0k3n",
            expiration: Date(timeIntervalSince1970: 1_765_470_865))
        try SharedCredentialsFile(path: path).update(credentials, profile: "ra")
        XCTAssertEqual(
            try String(contentsOfFile: path, encoding: .utf8),
            "# mine\n[default]\nregion = eu-west-1\n\n[ra]\naws_access_key_id = ASIAUPDATEUPDATE0001\n"
                + "aws_secret_access_key = s3cr3t\naws_session_token = t0k3n\n")
        XCTAssertEqual(try mode(path), 0o600)
        XCTAssertEqual(try mode(path + ".lock"), 0o600)
        XCTAssertEqual(try names(files.directory), ["credentials", "credentials.lock"])
    }

    func testUpdateRemovesTemporaryFilesOfInterruptedWrites() throws {
        let path = try files.write("[default]\n", name: "credentials")
        // What a SIGKILL between mkstemp and rename leaves: a 0600 file holding secrets.
        let stale = try files.write("aws_secret_access_key = half-written", name: ".credentials.tmp-AbC123")
        chmod(stale, 0o600)
        let unrelated = try files.write("keep me", name: ".credentials.tmp-notmine")
        let credentials = AWSCredentials(
            accessKeyID: "ASIAUPDATEUPDATE0002", secretAccessKey: "s3cr3t", sessionToken: "t0k3n",
            expiration: Date(timeIntervalSince1970: 1_765_470_865))
        try SharedCredentialsFile(path: path).update(credentials, profile: "ra")
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale))
        XCTAssertTrue(FileManager.default.fileExists(atPath: unrelated), "only mkstemp-shaped names are removed")
    }

    func testUpdateCreatesTheFileAndItsFolder() throws {
        let path = files.path("new/.aws/credentials")
        let credentials = AWSCredentials(
            accessKeyID: "ASIAUPDATEUPDATE0002", secretAccessKey: "s", sessionToken: "t", expiration: Date())
        try SharedCredentialsFile(path: path).update(credentials, profile: "default")
        XCTAssertEqual(
            try String(contentsOfFile: path, encoding: .utf8),
            "[default]\naws_access_key_id = ASIAUPDATEUPDATE0002\naws_secret_access_key = s\naws_session_token = t\n")
        XCTAssertEqual(try mode(files.path("new")), 0o700)
        XCTAssertEqual(try mode(files.path("new/.aws")), 0o700)
        XCTAssertEqual(try mode(path), 0o600)
    }

    private static let credentials = AWSCredentials(
        accessKeyID: "ASIAEXAMPLEEXAMPLE12", secretAccessKey: "secret", sessionToken: "token",
        expiration: Date(timeIntervalSince1970: 1_765_467_265))

    func testProfileNamesThatBreakTheFileAreRefused() throws {
        let path = files.path("credentials")
        for name in ["", "a]b", "[x", "a\rb", "a\nb", "tab\tname", "sp ace", "é", String(repeating: "a", count: 129)] {
            XCTAssertThrowsError(try SharedCredentialsFile(path: path).update(Self.credentials, profile: name)) { error in
                XCTAssertEqual((error as? RolesAnywhereError)?.code, .invalidArgument, name)
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "nothing was written")
        for name in ["default", "ra-prod_1", "team/app@eu-west-1", "a.b+c=d,e:f"] {
            XCTAssertNoThrow(try SharedCredentialsFile(path: path).update(Self.credentials, profile: name), name)
        }
    }

    func testALinkToAFileOfOursIsUpdatedInPlaceOfItsTarget() throws {
        let target = try files.write("[other]\nx = 1\n", name: "real-credentials")
        chmod(target, 0o600)
        let link = files.path("credentials")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try SharedCredentialsFile(path: link).update(Self.credentials, profile: "ra")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), target, "the link stays a link")
        let text = try String(contentsOfFile: target, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("[other]\nx = 1\n"), text)
        XCTAssertTrue(text.contains("aws_access_key_id = ASIAEXAMPLEEXAMPLE12"), text)
        XCTAssertEqual(try mode(target), 0o600)
    }

    func testALinkToSomethingElseIsRefusedAndNothingChanges() throws {
        let link = files.path("credentials")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/etc/passwd")
        let passwd = try String(contentsOfFile: "/etc/passwd", encoding: .utf8)
        let folderLink = files.path("credentials-to-folder")
        try FileManager.default.createSymbolicLink(atPath: folderLink, withDestinationPath: files.directory)
        XCTAssertThrowsError(try SharedCredentialsFile(path: folderLink).update(Self.credentials, profile: "ra")) { error in
            XCTAssertEqual((error as? RolesAnywhereError)?.code, .unwritableFile)
            XCTAssertTrue("\(error)".contains("is not a regular file of yours"), "\(error)")
        }
        let dangling = files.path("credentials-dangling")
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: files.path("nowhere/credentials"))
        XCTAssertThrowsError(try SharedCredentialsFile(path: dangling).update(Self.credentials, profile: "ra"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: files.path("nowhere/credentials")), "a dangling link's target is not created")
        XCTAssertThrowsError(try SharedCredentialsFile(path: link).update(Self.credentials, profile: "ra")) { error in
            XCTAssertEqual((error as? RolesAnywhereError)?.code, .unwritableFile)
        }
        XCTAssertEqual(try String(contentsOfFile: "/etc/passwd", encoding: .utf8), passwd)
    }

    func testDefaultPathFollowsTheEnvironment() {
        XCTAssertEqual(
            SharedCredentialsFile.defaultPath(environment: ["AWS_SHARED_CREDENTIALS_FILE": "/x/creds", "HOME": "/home/u"]), "/x/creds")
        XCTAssertEqual(
            SharedCredentialsFile.defaultPath(environment: ["AWS_SHARED_CREDENTIALS_FILE": "", "HOME": "/home/u"]),
            "/home/u/.aws/credentials")
    }
}
