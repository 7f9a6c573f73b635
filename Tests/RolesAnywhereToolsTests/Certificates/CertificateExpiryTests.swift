import Foundation
import RolesAnywhereTestSupport
import X509
import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class CertificateExpiryTests: XCTestCase {
    private let day: TimeInterval = 86_400

    private func leaf(from start: Date, to end: Date) throws -> Certificate {
        let ca = try TestCertificateAuthority(name: "Expiry CA", notBefore: start.addingTimeInterval(-day), notAfter: end.addingTimeInterval(day))
        return try ca.issueLeaf(LeafOptions(commonName: "expiry", notBefore: start, notAfter: end)).certificate
    }

    func testStatusesAndSummaries() throws {
        let now = Date(timeIntervalSince1970: 1_750_000_000)
        let certificate = try leaf(from: now.addingTimeInterval(-100 * day), to: now.addingTimeInterval(40 * day + 60))
        let fine = try CertificateExpiry(certificate, warnDays: 30, now: now)
        XCTAssertEqual(fine.status, .fine)
        XCTAssertEqual(fine.daysLeft, 40)
        XCTAssertTrue(fine.summary.hasPrefix("40 days left: CN=expiry expires 2025-"), fine.summary)
        let soon = try CertificateExpiry(certificate, warnDays: 41, now: now)
        XCTAssertEqual(soon.status, .expiresSoon)
        XCTAssertTrue(soon.summary.hasSuffix(" (renew it)"), soon.summary)
        let expired = try CertificateExpiry(certificate, warnDays: 30, now: now.addingTimeInterval(43 * day))
        XCTAssertEqual(expired.status, .expired)
        XCTAssertTrue(expired.summary.hasPrefix("expired: CN=expiry expired 2 days ago, on "), expired.summary)
        XCTAssertThrowsError(try CertificateExpiry(certificate, warnDays: 30, now: now.addingTimeInterval(-101 * day))) { error in
            XCTAssertEqual((error as? RolesAnywhereError)?.code, .certificateNotYetValid)
        }
        XCTAssertThrowsError(try CertificateExpiry(certificate, warnDays: -1, now: now))
    }
}
