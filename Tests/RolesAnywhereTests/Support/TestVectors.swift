import Foundation

/// Reads the known-answer files captured from AWS's official helper (copied from shared/vectors).
enum TestVectors {
    static func url(_ name: String) -> URL {
        Bundle.module.url(forResource: "Vectors/\(name)", withExtension: nil)!
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }

    static func path(_ name: String) -> String { url(name).path }

    static let profileARN = "arn:aws:rolesanywhere:us-east-2:291738886548:profile/6f4943fb-13d4-4242-89c4-be367595c380"
    static let roleARN = "arn:aws:iam::291738886548:role/rolesanywhere1"
    static let trustAnchorARN = "arn:aws:rolesanywhere:us-east-2:291738886548:trust-anchor/a545a1fc-5d86-4032-8f4c-61cdd6ff92da"
}
