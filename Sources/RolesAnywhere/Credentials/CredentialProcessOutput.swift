#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The JSON document `credential_process` prints, in the field order AWS tools document:
/// `{"Version":1,"AccessKeyId":..,"SecretAccessKey":..,"SessionToken":..,"Expiration":".."}`.
public enum CredentialProcessOutput {
    /// The one-line JSON document for credentials.
    public static func json(_ credentials: AWSCredentials) -> String {
        "{\"Version\":1,\"AccessKeyId\":\(JSONString.quote(credentials.accessKeyID))"
            + ",\"SecretAccessKey\":\(JSONString.quote(credentials.secretAccessKey))"
            + ",\"SessionToken\":\(JSONString.quote(credentials.sessionToken))"
            + ",\"Expiration\":\(JSONString.quote(ISO8601Timestamp.string(from: credentials.expiration)))}"
    }
}
