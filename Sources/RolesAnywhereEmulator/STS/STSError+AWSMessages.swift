import Foundation
import RolesAnywhere

/// The errors the local STS produces, with the messages AWS STS gives for them.
extension STSError {
    static func invalidClientTokenID() -> STSError {
        STSError(code: .invalidClientTokenId, message: "The security token included in the request is invalid.")
    }

    static func signatureDoesNotMatch() -> STSError {
        STSError(
            code: .signatureDoesNotMatch,
            message: "The request signature we calculated does not match the signature you provided. "
                + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
        )
    }

    static func signatureExpired(signedAt amzDate: String, now: Date, allowedSkew: TimeInterval) -> STSError {
        let limit = AmzDate(now.addingTimeInterval(-allowedSkew)).timestamp
        return STSError(
            code: .signatureDoesNotMatch,
            message: "Signature expired: \(amzDate) is now earlier than \(limit) "
                + "(\(AmzDate(now).timestamp) - \(minutes(allowedSkew)) min.)"
        )
    }

    static func signatureNotYetCurrent(signedAt amzDate: String, now: Date, allowedSkew: TimeInterval) -> STSError {
        let limit = AmzDate(now.addingTimeInterval(allowedSkew)).timestamp
        return STSError(
            code: .signatureDoesNotMatch,
            message: "Signature not yet current: \(amzDate) is still later than \(limit) "
                + "(\(AmzDate(now).timestamp) + \(minutes(allowedSkew)) min.)"
        )
    }

    static func expiredToken() -> STSError {
        STSError(code: .expiredToken, message: "The security token included in the request is expired")
    }

    static func missingAuthenticationToken() -> STSError {
        STSError(code: .missingAuthenticationToken, message: "Request is missing Authentication Token")
    }

    static func incompleteSignature(_ message: String) -> STSError {
        STSError(code: .incompleteSignature, message: message)
    }

    static func invalidAction(_ action: String, version: String?) -> STSError {
        STSError(
            code: .invalidAction,
            message: "Could not find operation \(action) for version \(version ?? "NO_VERSION_SPECIFIED")"
        )
    }

    static func missingAction() -> STSError {
        STSError(code: .missingAction, message: "The request is missing an action or a required parameter.")
    }

    private static func minutes(_ interval: TimeInterval) -> Int {
        Int(interval / 60)
    }
}
