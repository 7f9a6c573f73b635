/// What a successful CreateSession gave back.
public struct CreateSessionResult: Sendable {
    /// The temporary credentials.
    public let credentials: AWSCredentials
    /// `arn:aws:sts::<account>:assumed-role/<role>/<session>`.
    public let assumedRoleARN: String?
    /// The role the credentials are for.
    public let roleARN: String?
    /// The subject ARN the service assigned.
    public let subjectARN: String?
}
