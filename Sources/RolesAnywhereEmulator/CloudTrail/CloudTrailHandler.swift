import Foundation

/// The local CloudTrail: `LookupEvents` (JSON 1.1) over every event the emulator recorded:
/// CreateSession (issued or refused), control-plane and IAM calls.
public struct CloudTrailHandler: Sendable {
    /// `X-Amz-Target` of LookupEvents.
    public static let lookupEventsTarget = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"
    /// Every CloudTrail `X-Amz-Target` starts so.
    public static let targetPrefix = "com.amazonaws.cloudtrail."

    let state: EmulatorState
    let verifier: SigV4HMACVerifier

    public init(state: EmulatorState) {
        self.state = state
        self.verifier = SigV4HMACVerifier(service: "cloudtrail", region: state.region)
    }

    private struct Input: Decodable {
        struct Attribute: Decodable { var AttributeKey: String?; var AttributeValue: String? }
        var LookupAttributes: [Attribute]?
        var StartTime: Double?
        var EndTime: Double?
        var MaxResults: Int?
        var NextToken: String?
    }

    private struct Output: Encodable {
        struct Event: Encodable {
            struct Resource: Encodable { var ResourceType: String; var ResourceName: String }
            var EventId: String
            var EventName: String
            var ReadOnly: String
            var AccessKeyId: String?
            var EventTime: Double
            var EventSource: String
            var Username: String?
            var Resources: [Resource]
            var CloudTrailEvent: String
        }
        var Events: [Event]
        var NextToken: String?
    }

    /// Answers one request.
    public func handle(_ request: ReceivedRequest, now: Date) async -> ServiceAnswer {
        let requestID = RandomID.uuid()
        let caller: STSCredentialRecord
        switch verifier.verify(request, now: now, lookup: { state.credentials(for: $0) }) {
        case .success(let record): caller = record
        case .failure(let error):
            let refusal = ControlPlaneHandler.authenticationError(error)
            return Self.error(refusal.status, refusal.type, refusal.message, requestID: requestID)
        }
        guard state.permits(caller, readOnly: true) else {
            return Self.error(
                403, "AccessDeniedException", "User: \(caller.assumedRoleARN) is not authorized to perform: cloudtrail:LookupEvents",
                requestID: requestID)
        }
        guard request.header("X-Amz-Target") == Self.lookupEventsTarget else {
            return Self.error(400, "UnknownOperationException", "Only LookupEvents is served by this emulator", requestID: requestID)
        }
        guard let input = try? JSONDecoder().decode(Input.self, from: Data(request.body.isEmpty ? Array("{}".utf8) : request.body)) else {
            return Self.error(400, "SerializationException", "The request body is not valid JSON for LookupEvents", requestID: requestID)
        }
        let attributes = input.LookupAttributes ?? []
        guard attributes.count <= 1 else {
            return Self.error(400, "InvalidLookupAttributesException", "You cannot specify more than one lookup attribute.", requestID: requestID)
        }
        var attribute: (key: TrailEvent.AttributeKey, value: String)?
        if let given = attributes.first {
            guard let key = given.AttributeKey.flatMap(TrailEvent.AttributeKey.init(rawValue:)) else {
                return Self.error(
                    400, "InvalidLookupAttributesException",
                    "Lookup attribute key \(given.AttributeKey ?? "null") is not valid. Valid keys: "
                        + TrailEvent.AttributeKey.allCases.map(\.rawValue).joined(separator: ", "), requestID: requestID)
            }
            guard let value = given.AttributeValue, !value.isEmpty else {
                return Self.error(
                    400, "InvalidLookupAttributesException", "The lookup attribute \(key.rawValue) needs an AttributeValue.",
                    requestID: requestID)
            }
            attribute = (key, value)
        }
        let limit = input.MaxResults ?? 50
        guard (1...50).contains(limit) else {
            return Self.error(400, "InvalidMaxResultsException", "MaxResults must be between 1 and 50.", requestID: requestID)
        }
        let start = input.StartTime.map(Date.init(timeIntervalSince1970:)) ?? now.addingTimeInterval(-90 * 86_400)
        let end = input.EndTime.map(Date.init(timeIntervalSince1970:)) ?? now.addingTimeInterval(60)
        guard start <= end else {
            return Self.error(400, "InvalidTimeRangeException", "Start time must be before end time.", requestID: requestID)
        }
        var before: Int64?
        if let token = input.NextToken {
            guard let data = Data(base64Encoded: token), let seq = Int64(String(decoding: data, as: UTF8.self)) else {
                return Self.error(400, "InvalidNextTokenException", "The NextToken is not valid.", requestID: requestID)
            }
            before = seq
        }
        do {
            let found = try state.database.events(
                matching: TrailEvent.Query(attribute: attribute, start: start, end: end, before: before), limit: limit)
            let events = found.events.map { event in
                Output.Event(
                    EventId: event.eventID, EventName: event.name, ReadOnly: event.readOnly ? "true" : "false", AccessKeyId: event.accessKeyID,
                    EventTime: event.time.timeIntervalSince1970.rounded(.down), EventSource: event.source, Username: event.username,
                    Resources: event.resources.map { Output.Event.Resource(ResourceType: $0.type, ResourceName: $0.name) },
                    CloudTrailEvent: event.record)
            }
            let next = found.next.map { Data(String($0).utf8).base64EncodedString() }
            return ServiceAnswer(
                status: 200, headers: [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-RequestId", requestID)],
                body: JSONText.data(Output(Events: events, NextToken: next)))
        } catch {
            return Self.error(500, "InternalServerException", "the state database failed: \(error)", requestID: requestID)
        }
    }

    static func error(_ status: Int, _ type: String, _ message: String, requestID: String) -> ServiceAnswer {
        ServiceAnswer(
            status: status, headers: [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-RequestId", requestID)],
            body: JSONText.data(["__type": type, "message": message]))
    }
}
