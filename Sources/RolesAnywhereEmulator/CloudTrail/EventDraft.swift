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

    /// The user name of the caller as LookupEvents knows it.
    var callerName: String? {
        guard let caller else { return username }
        // `user/admin` and `assumed-role/ROLE/SESSION` alike: the last part.
        return caller.assumedRoleARN.split(separator: "/").last.map(String.init)
    }

    /// The finished event: the answer's elements (secrets withheld), or the error.
    /// - Parameter screened: the parameters and response hold no secret already (CreateSession
    ///   builds them so), and need not be walked again.
    public func event(
        response: JSONValue? = nil, errorCode: String? = nil, errorMessage: String? = nil, screened: Bool = false
    ) -> TrailEvent {
        let eventID = RandomID.uuid()
        var identity: [String: JSONValue] = ["accountId": .string(accountID)]
        if let caller {
            let assumed = caller.assumedRoleARN.contains(":assumed-role/")
            identity["type"] = .string(assumed ? "AssumedRole" : "IAMUser")
            identity["principalId"] = .string(caller.userID)
            identity["arn"] = .string(caller.assumedRoleARN)
            identity["accountId"] = .string(caller.accountID)
            identity["accessKeyId"] = .string(caller.accessKeyID)
            if !assumed, let callerName { identity["userName"] = .string(callerName) }
        } else {
            identity["type"] = .string("Unknown")
            if let username { identity["userName"] = .string(username) }
        }
        var record: [String: JSONValue] = [
            "eventVersion": .string("1.08"), "userIdentity": .object(identity), "eventTime": .string(ISO8601Timestamp.string(from: time)),
            "eventSource": .string(source), "eventName": .string(name), "awsRegion": .string(region),
            "sourceIPAddress": .string(sourceIPAddress), "userAgent": .string(userAgent), "requestID": .string(requestID),
            "eventID": .string(eventID), "readOnly": .bool(readOnly), "eventType": .string("AwsApiCall"), "managementEvent": .bool(true),
            "recipientAccountId": .string(accountID), "eventCategory": .string("Management"),
        ]
        record["errorCode"] = errorCode.map(JSONValue.string)
        record["errorMessage"] = errorMessage.map(JSONValue.string)
        record["requestParameters"] = screened ? requestParameters : requestParameters?.removing(Self.withheld)
        record["responseElements"] = screened ? response : response?.removing(Self.withheld)
        record["additionalEventData"] = additionalEventData
        if !resources.isEmpty {
            record["resources"] = .array(resources.map {
                .object(["accountId": .string(accountID), "type": .string($0.type), "ARN": .string($0.name)])
            })
        }
        return TrailEvent(
            eventID: eventID, time: time, name: name, source: source, username: callerName, accessKeyID: caller?.accessKeyID,
            readOnly: readOnly, resources: resources, record: JSONValue.object(record).text)
    }
}
