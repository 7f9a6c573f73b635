import Foundation
import RolesAnywhere

/// A CloudTrail event being made: who called, from where, which operation, with what; the
/// outcome (answer or error) completes it into a ``TrailEvent``.
public struct EventDraft: Sendable {
    public var name: String
    /// `rolesanywhere.amazonaws.com`, `iam.amazonaws.com`, ...
    public var source: String
    public var readOnly: Bool
    public var time: Date
    public var region: String
    public var accountID: String
    public var sourceIPAddress: String
    public var userAgent: String
    public var requestID: String
    /// Who signed the call (nil for CreateSession, signed by a certificate).
    public var caller: STSCredentialRecord?
    /// The user name LookupEvents matches when there is no caller (CreateSession: the certificate's subject).
    public var username: String?
    public var requestParameters: JSONValue?
    public var additionalEventData: JSONValue?
    public var resources: [(type: String, name: String)] = []

    /// Members never written into a record: secrets, and bulky certificate data.
    static let withheld: Set<String> = ["secretAccessKey", "sessionToken", "SecretAccessKey", "SessionToken", "crlData", "x509CertificateData"]

    public init(
        name: String, source: String, readOnly: Bool, time: Date, region: String, accountID: String, sourceIPAddress: String?,
        userAgent: String?, requestID: String, caller: STSCredentialRecord?
    ) {
        self.name = name
        self.source = source
        self.readOnly = readOnly
        self.time = time
        self.region = region
        self.accountID = accountID
        self.sourceIPAddress = sourceIPAddress ?? "127.0.0.1"
        self.userAgent = userAgent ?? ""
        self.requestID = requestID
        self.caller = caller
    }

    private struct Record: Encodable {
        var eventVersion = "1.08"
        var userIdentity: Identity
        var eventTime: String
        var eventSource: String
        var eventName: String
        var awsRegion: String
        var sourceIPAddress: String
        var userAgent: String
        var errorCode: String?
        var errorMessage: String?
        var requestParameters: JSONValue?
        var responseElements: JSONValue?
        var additionalEventData: JSONValue?
        var requestID: String
        var eventID: String
        var readOnly: Bool
        var resources: [Resource]?
        var eventType = "AwsApiCall"
        var managementEvent = true
        var recipientAccountId: String
        var eventCategory = "Management"
    }

    private struct Identity: Encodable {
        var type: String
        var principalId: String?
        var arn: String?
        var accountId: String
        var accessKeyId: String?
        var userName: String?
    }

    private struct Resource: Encodable {
        var accountId: String
        var type: String
        var ARN: String
    }

    /// The user name of the caller as LookupEvents knows it.
    var callerName: String? {
        guard let caller else { return username }
        // `user/admin` and `assumed-role/ROLE/SESSION` alike: the last part.
        return caller.assumedRoleARN.split(separator: "/").last.map(String.init)
    }

    /// The finished event: the answer's elements (secrets withheld), or the error.
    public func event(response: JSONValue? = nil, errorCode: String? = nil, errorMessage: String? = nil) -> TrailEvent {
        let eventID = UUID().uuidString.lowercased()
        let identity: Identity
        if let caller {
            let assumed = caller.assumedRoleARN.contains(":assumed-role/")
            identity = Identity(
                type: assumed ? "AssumedRole" : "IAMUser", principalId: caller.userID, arn: caller.assumedRoleARN,
                accountId: caller.accountID, accessKeyId: caller.accessKeyID, userName: assumed ? nil : callerName)
        } else {
            identity = Identity(type: "Unknown", principalId: nil, arn: nil, accountId: accountID, accessKeyId: nil, userName: username)
        }
        let record = Record(
            userIdentity: identity, eventTime: ISO8601Timestamp.string(from: time), eventSource: source, eventName: name,
            awsRegion: region, sourceIPAddress: sourceIPAddress, userAgent: userAgent, errorCode: errorCode, errorMessage: errorMessage,
            requestParameters: requestParameters?.removing(Self.withheld), responseElements: response?.removing(Self.withheld),
            additionalEventData: additionalEventData, requestID: requestID, eventID: eventID, readOnly: readOnly,
            resources: resources.isEmpty ? nil : resources.map { Resource(accountId: accountID, type: $0.type, ARN: $0.name) },
            recipientAccountId: accountID)
        return TrailEvent(
            eventID: eventID, time: time, name: name, source: source, username: callerName, accessKeyID: caller?.accessKeyID,
            readOnly: readOnly, resources: resources, record: (try? JSONText.encode(record)) ?? "{}")
    }
}
