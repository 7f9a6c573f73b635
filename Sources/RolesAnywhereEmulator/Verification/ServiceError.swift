import RolesAnywhere

/// A refusal in the shape IAM Roles Anywhere answers with: an HTTP status, the
/// `X-Amzn-ErrorType` value, and the JSON `{"message": ...}` text AWS uses.
///
/// `reason` says precisely what failed; AWS's own messages are often terse ("Invalid
/// signature"), so the emulator keeps the service's message in the body and puts the reason
/// in the audit log and in the `X-Roles-Anywhere-Emulator-Reason` header.
public struct ServiceError: Error, Sendable, Hashable {
    /// HTTP status, e.g. 403.
    public var status: Int
    /// `AccessDeniedException`, `ValidationException`, `ResourceNotFoundException`, ...
    public var type: String
    /// The message AWS sends.
    public var message: String
    /// What exactly failed, for the audit log and the reason header; never a secret.
    public var reason: String

    public init(status: Int, type: String, message: String, reason: String) {
        self.status = status
        self.type = type
        self.message = message
        self.reason = reason
    }

    /// 403 AccessDeniedException.
    static func accessDenied(_ message: String, reason: String) -> ServiceError {
        ServiceError(status: 403, type: "AccessDeniedException", message: message, reason: reason)
    }

    /// 400 ValidationException.
    static func validation(_ message: String, reason: String? = nil) -> ServiceError {
        ServiceError(status: 400, type: "ValidationException", message: message, reason: reason ?? message)
    }

    /// `Invalid signature`, AWS's answer for any signature problem (also clock skew).
    static func invalidSignature(_ reason: String) -> ServiceError {
        accessDenied("Invalid signature", reason: reason)
    }

    /// `Untrusted signing certificate`, AWS's answer for any certificate or chain problem.
    static func untrustedCertificate(_ reason: String) -> ServiceError {
        accessDenied("Untrusted signing certificate", reason: reason)
    }

    /// The JSON body `{"message":"..."}`.
    public var body: String {
        "{\"message\":\(JSONString.quote(message))}"
    }
}
