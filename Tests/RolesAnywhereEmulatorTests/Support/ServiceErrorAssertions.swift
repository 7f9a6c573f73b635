import XCTest

@testable import RolesAnywhereEmulator

/// Asserts a verification was refused with exactly this status, type, message and (when
/// given) reason.
func assertRefused(
    _ result: Result<VerifiedSession, ServiceError>, status: Int, type: String, message: String, reason: String? = nil,
    file: StaticString = #filePath, line: UInt = #line
) {
    switch result {
    case .success(let session):
        XCTFail("accepted (role \(session.roleARN)); expected \(status) \(type) \"\(message)\"", file: file, line: line)
    case .failure(let error):
        XCTAssertEqual(error.status, status, "status", file: file, line: line)
        XCTAssertEqual(error.type, type, "type", file: file, line: line)
        XCTAssertEqual(error.message, message, "message", file: file, line: line)
        if let reason {
            XCTAssertEqual(error.reason, reason, "reason", file: file, line: line)
        }
    }
}

/// Returns the session of an accepted verification, failing the test with the refusal otherwise.
@discardableResult
func assertAccepted(
    _ result: Result<VerifiedSession, ServiceError>, file: StaticString = #filePath, line: UInt = #line
) throws -> VerifiedSession {
    switch result {
    case .success(let session):
        return session
    case .failure(let error):
        XCTFail("refused: \(error.status) \(error.type) \"\(error.message)\" (\(error.reason))", file: file, line: line)
        throw error
    }
}
