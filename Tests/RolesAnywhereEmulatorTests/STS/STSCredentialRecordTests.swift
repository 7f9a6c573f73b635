import Foundation
import RolesAnywhereEmulator
import XCTest

final class STSCredentialRecordTests: XCTestCase {
    private let record = Fixture.record

    private func assertHidesSecrets(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(text.contains(Fixture.secretAccessKey), text, file: file, line: line)
        XCTAssertFalse(text.contains(Fixture.sessionToken), text, file: file, line: line)
        XCTAssertTrue(text.contains(Fixture.accessKeyID), text, file: file, line: line)
        XCTAssertTrue(text.contains("<redacted>"), text, file: file, line: line)
    }

    func testDescriptionNeverShowsTheSecretOrTheToken() {
        XCTAssertEqual(
            record.description,
            "STSCredentialRecord(accessKeyID: ASIAEMULATOREXAMPLE1, secretAccessKey: <redacted>, "
                + "sessionToken: <redacted>, expiration: 2025-12-11T16:34:25Z, "
                + "assumedRoleARN: arn:aws:sts::123456789012:assumed-role/Developer/alice, "
                + "userID: AROAEXAMPLEROLEID:alice, accountID: 123456789012)")
        assertHidesSecrets("\(record)")
        assertHidesSecrets(String(reflecting: record))
        assertHidesSecrets(String(describing: [record]))
        var dumped = ""
        dump(record, to: &dumped)
        assertHidesSecrets(dumped)
    }
}
