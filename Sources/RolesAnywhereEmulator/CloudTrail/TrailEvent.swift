import Foundation

/// One CloudTrail management event: the columns LookupEvents filters on and the record itself.
public struct TrailEvent: Sendable {
    public var eventID: String
    public var time: Date
    public var name: String
    /// `rolesanywhere.amazonaws.com`, `iam.amazonaws.com`, `sts.amazonaws.com`.
    public var source: String
    public var username: String?
    public var accessKeyID: String?
    public var readOnly: Bool
    public var resources: [(type: String, name: String)]
    /// The CloudTrail record as JSON text (`CloudTrailEvent`).
    public var record: String
    /// The order of insertion (the database's key), for pagination.
    var seq: Int64 = 0

    /// A lookup: at most one attribute, a time range, and where the previous page ended.
    struct Query: Sendable {
        var attribute: (key: AttributeKey, value: String)?
        var start: Date
        var end: Date
        var before: Int64?
    }

    /// The lookup attributes CloudTrail knows.
    enum AttributeKey: String, Sendable, CaseIterable {
        case eventId = "EventId", eventName = "EventName", readOnly = "ReadOnly", username = "Username"
        case resourceType = "ResourceType", resourceName = "ResourceName", eventSource = "EventSource"
        case accessKeyId = "AccessKeyId"

        /// The event table's column (the resource keys use the resource table).
        var column: String {
            switch self {
            case .eventId: "eventId"
            case .eventName: "eventName"
            case .readOnly: "readOnly"
            case .username: "username"
            case .eventSource: "eventSource"
            case .accessKeyId: "accessKeyId"
            case .resourceType: "type"
            case .resourceName: "name"
            }
        }
    }
}
