import Foundation
import RolesAnywhereFuzzTargets
import XCTest

/// Every input of the fuzz corpus (`Tests/FuzzCorpus/<target>/`, grown by `scripts/fuzz.sh`)
/// replayed through the ordinary build, so a crash found once stays fixed.
final class CorpusReplayTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzCorpus")

    func testEveryTargetHasACorpusAndReplaysItWithoutCrashing() throws {
        var replayed = 0
        for target in FuzzTarget.all {
            let folder = Self.corpus.appendingPathComponent(target.name)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            XCTAssertFalse(names.isEmpty, "\(target.name) has no corpus")
            for name in names {
                let data = try Data(contentsOf: folder.appendingPathComponent(name))
                target.run(Array(data))
                replayed += 1
            }
        }
        XCTAssertGreaterThan(replayed, FuzzTarget.all.count)
    }
}
