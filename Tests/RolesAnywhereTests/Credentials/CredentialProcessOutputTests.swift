import Foundation
import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class CredentialProcessOutputTests: XCTestCase {
    func testExactDocumentInFieldOrder() {
        let credentials = AWSCredentials(
            accessKeyID: "ASIAEXAMPLEEXAMPLE12", secretAccessKey: "secret/with+chars", sessionToken: "token\"quoted",
            expiration: Date(timeIntervalSince1970: 1_765_470_865))
        XCTAssertEqual(
            CredentialProcessOutput.json(credentials),
            #"{"Version":1,"AccessKeyId":"ASIAEXAMPLEEXAMPLE12","SecretAccessKey":"secret/with+chars","SessionToken":"token\"quoted","Expiration":"2025-12-11T16:34:25Z"}"#
        )
    }

    func testDescriptionNeverShowsSecrets() {
        let credentials = AWSCredentials(
            accessKeyID: "ASIAEXAMPLEEXAMPLE12", secretAccessKey: "TOPSECRET", sessionToken: "TOKENVALUE", expiration: Date())
        for text in [credentials.description, credentials.debugDescription, String(describing: credentials)] {
            XCTAssertFalse(text.contains("TOPSECRET"))
            XCTAssertFalse(text.contains("TOKENVALUE"))
        }
    }
}
