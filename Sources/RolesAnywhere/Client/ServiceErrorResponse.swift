/// An AWS error answer: `X-Amzn-ErrorType` plus a JSON `{"message": ...}` body.
public struct ServiceErrorResponse: Codable, Sendable, Hashable {
    public var message: String?

    public init(message: String) { self.message = message }

    /// A hint for the errors users meet most, appended to the service's message.
    static func hint(type: String, message: String) -> RolesAnywhereError.Wording? {
        let lowered = message.lowercased()
        if lowered.contains("untrusted signing certificate") || lowered.contains("untrusted certificate") {
            return "is the CA of this certificate a trust anchor?"
        }
        if lowered.contains("invalid signature") || lowered.contains("signature") && type == "AccessDeniedException" {
            return "does the private key belong to the certificate, and is this machine's clock right?"
        }
        if lowered.contains("expired") { return "renew the certificate" }
        if type == "ResourceNotFoundException" { return "check the ARNs and the region" }
        if lowered.contains("role") && lowered.contains("profile") { return "add the role to the profile or pick another role" }
        if lowered.contains("duration") { return "lower \(setting: .sessionDuration) to the profile's limit" }
        if lowered.contains("disabled") { return "enable the trust anchor and profile" }
        return nil
    }
}
