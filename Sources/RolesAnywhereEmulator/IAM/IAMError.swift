/// A refusal of the local IAM, in the query protocol's XML error shape.
public struct IAMError: Error, Sendable, Hashable {
    public var status: Int
    /// `NoSuchEntity`, `EntityAlreadyExists`, `MalformedPolicyDocument`, `InvalidInput`, `ValidationError`, `DeleteConflict`, ...
    public var code: String
    public var message: String

    static func noSuchRole(_ name: String) -> IAMError {
        IAMError(status: 404, code: "NoSuchEntity", message: "The role with name \(name) cannot be found.")
    }

    static func invalidInput(_ message: String) -> IAMError {
        IAMError(status: 400, code: "InvalidInput", message: message)
    }

    static func validation(_ message: String) -> IAMError {
        IAMError(status: 400, code: "ValidationError", message: message)
    }

    func xml(requestID: String) -> String {
        "<ErrorResponse xmlns=\"\(IAMQueryHandler.xmlNamespace)\"><Error><Type>Sender</Type>"
            + "<Code>\(code.xmlEscaped)</Code><Message>\(message.xmlEscaped)</Message></Error>"
            + "<RequestId>\(requestID.xmlEscaped)</RequestId></ErrorResponse>"
    }
}
