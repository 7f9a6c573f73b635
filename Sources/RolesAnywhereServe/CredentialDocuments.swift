#if canImport(FoundationEssentials)
import FoundationEssentials
#else
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#endif
import RolesAnywhere

/// The JSON documents AWS SDKs read from the credential endpoints, fields in AWS's order.
enum CredentialDocuments {
    /// IMDS `security-credentials/<role>`:
    /// `{"Code":"Success","LastUpdated":..,"Type":"AWS-HMAC","AccessKeyId":..,"SecretAccessKey":..,"Token":..,"Expiration":..}`.
    static func instanceMetadata(_ credentials: AWSCredentials, lastUpdated: Date) -> String {
        "{\"Code\":\"Success\",\"LastUpdated\":\(JSONString.quote(ISO8601Timestamp.string(from: lastUpdated)))"
            + ",\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\(JSONString.quote(credentials.accessKeyID))"
            + ",\"SecretAccessKey\":\(JSONString.quote(credentials.secretAccessKey))"
            + ",\"Token\":\(JSONString.quote(credentials.sessionToken))"
            + ",\"Expiration\":\(JSONString.quote(ISO8601Timestamp.string(from: credentials.expiration)))}"
    }

    /// Container credentials: `{"AccessKeyId":..,"SecretAccessKey":..,"Token":..,"Expiration":..}`.
    static func container(_ credentials: AWSCredentials) -> String {
        "{\"AccessKeyId\":\(JSONString.quote(credentials.accessKeyID))"
            + ",\"SecretAccessKey\":\(JSONString.quote(credentials.secretAccessKey))"
            + ",\"Token\":\(JSONString.quote(credentials.sessionToken))"
            + ",\"Expiration\":\(JSONString.quote(ISO8601Timestamp.string(from: credentials.expiration)))}"
    }

    /// An error document; never `Code: Success`.
    static func failure(code: String, message: String) -> String {
        "{\"Code\":\(JSONString.quote(code)),\"Message\":\(JSONString.quote(message))}"
    }
}
