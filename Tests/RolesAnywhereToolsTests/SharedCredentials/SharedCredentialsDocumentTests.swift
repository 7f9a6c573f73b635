import Foundation
import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

/// Editing `[profile]` of a shared credentials file: every byte it does not own stays as it was.
final class SharedCredentialsDocumentTests: XCTestCase {
    private let credentials = AWSCredentials(
        accessKeyID: "ASIANEWNEWNEWNEWNEW1", secretAccessKey: "new/secret+key", sessionToken: "new-token",
        expiration: Date(timeIntervalSince1970: 1_765_470_865))

    /// The three lines `setCredentials` writes for ``credentials``.
    private let newKeys = """
        aws_access_key_id = ASIANEWNEWNEWNEWNEW1
        aws_secret_access_key = new/secret+key
        aws_session_token = new-token
        """

    private func edited(_ text: String, profile: String = "ra") -> String {
        var document = SharedCredentialsDocument(text: text)
        document.setCredentials(credentials, profile: profile)
        return document.text
    }

    func testOtherSectionsCommentsBlankLinesAndSpacingAreKeptByteForByte() {
        let before = """
            # top comment
            ; another comment style

            [default]
            aws_access_key_id=AKIADEFAULT
              aws_secret_access_key   =    secret-default\t
            region = eu-west-1


            [ra]
            # a comment inside the section
            aws_access_key_id = OLD
            output = json
            aws_session_token=OLDTOKEN
            aws_secret_access_key = OLDSECRET
            ; trailing comment of ra

            [other]\t
            key\t=\tvalue with spaces  \n
            """
        let after = """
            # top comment
            ; another comment style

            [default]
            aws_access_key_id=AKIADEFAULT
              aws_secret_access_key   =    secret-default\t
            region = eu-west-1


            [ra]
            # a comment inside the section
            aws_access_key_id = ASIANEWNEWNEWNEWNEW1
            output = json
            aws_session_token = new-token
            aws_secret_access_key = new/secret+key
            ; trailing comment of ra

            [other]\t
            key\t=\tvalue with spaces  \n
            """
        XCTAssertEqual(edited(before), after)
    }

    func testMissingKeysAreAddedAfterTheSectionHeader() {
        let before = "[default]\nregion = x\n\n[ra]\nregion = us-east-1\naws_session_token = OLD\n\n[z]\na = b\n"
        XCTAssertEqual(
            edited(before),
            "[default]\nregion = x\n\n[ra]\naws_access_key_id = ASIANEWNEWNEWNEWNEW1\naws_secret_access_key = new/secret+key\n"
                + "region = us-east-1\naws_session_token = new-token\n\n[z]\na = b\n")
    }

    func testAMissingSectionIsAppendedAfterABlankLine() {
        XCTAssertEqual(edited("[default]\nregion = x\n"), "[default]\nregion = x\n\n[ra]\n\(newKeys)\n")
        XCTAssertEqual(edited("[default]\nregion = x\n\n"), "[default]\nregion = x\n\n[ra]\n\(newKeys)\n")
    }

    func testAnEmptyFileGetsJustTheSection() {
        XCTAssertEqual(edited(""), "[ra]\n\(newKeys)\n")
    }

    func testAFileWithoutTrailingNewline() {
        XCTAssertEqual(edited("[default]\nregion = x"), "[default]\nregion = x\n\n[ra]\n\(newKeys)\n")
        XCTAssertEqual(
            edited("# c\n[ra]\naws_access_key_id = OLD"),
            "# c\n[ra]\naws_secret_access_key = new/secret+key\naws_session_token = new-token\naws_access_key_id = ASIANEWNEWNEWNEWNEW1")
    }

    func testEditingTwiceGivesTheSameTextAsEditingOnce() {
        let before = "; c\n[ra]\nregion = r\n[b]\nx = y\n"
        XCTAssertEqual(edited(edited(before)), edited(before))
    }

    func testCommentedKeysAndOtherSectionsOfTheSameKeysAreLeftAlone() {
        let before = "[ra]\n# aws_access_key_id = COMMENTED\n\n[rab]\naws_access_key_id = OTHER\n"
        XCTAssertEqual(
            edited(before),
            "[ra]\n\(newKeys)\n# aws_access_key_id = COMMENTED\n\n[rab]\naws_access_key_id = OTHER\n")
    }

    /// configparser (botocore) reads `[ra] # note` as section `ra`, keys case-insensitively and
    /// `key: value` like `key = value`: a second `[ra]` or a second key would make the whole
    /// file unreadable for the AWS CLI (DuplicateSectionError / DuplicateOptionError).
    func testSectionsAndKeysAreMatchedAsConfigparserReadsThem() {
        let before = "[ra] # mine\nAWS_ACCESS_KEY_ID = OLD\naws_secret_access_key: OLD\nAws_Session_Token=OLD\n"
        XCTAssertEqual(edited(before), "[ra] # mine\n\(newKeys)\n")
    }
}
