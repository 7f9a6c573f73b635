#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Temporary AWS credentials. Printing the value never shows the secret key or session token.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public let accessKeyID: String
    public let secretAccessKey: String
    public let sessionToken: String
    /// When the credentials stop working.
    public let expiration: Date

    /// Creates credentials from their parts.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String, expiration: Date) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// Whether more than `margin` seconds remain before expiry at `now`.
    public func isFresh(at now: Date, margin: TimeInterval = 0) -> Bool {
        expiration.timeIntervalSince(now) > margin
    }

    public var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), expiration: \(ISO8601Timestamp.string(from: expiration)), secret: <redacted>)"
    }

    public var debugDescription: String { description }
}
