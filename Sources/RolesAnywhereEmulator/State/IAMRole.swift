import Foundation

/// An IAM role of the local AWS: what CreateRole made and its attached managed policies.
public struct IAMRole: Codable, Sendable, Hashable {
    public var roleName: String
    /// `AROA` and 17 more characters.
    public var roleId: String
    public var arn: String
    public var path: String
    public var description: String?
    public var maxSessionDuration: Int
    /// The trust policy as given (JSON text).
    public var assumeRolePolicyDocument: String
    public var createDate: Date
    public var attachedPolicyArns: [String]
    public var tags: [LocalResource.Tag]
}
