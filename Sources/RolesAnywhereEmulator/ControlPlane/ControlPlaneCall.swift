import Foundation

/// One control-plane call being answered: its request, clock and event, and the ways an
/// operation reads its input and commits its change.
struct ControlPlaneCall: Sendable {
    let state: EmulatorState
    let request: ReceivedRequest
    let now: Date
    /// The `{id}` of the path, if any.
    let id: String?
    let draft: EventDraft

    /// What an operation answers.
    struct Output: Sendable {
        var status: Int
        var body: [UInt8]
        var resources: [(type: String, name: String)]
    }

    /// `now` as the control plane writes timestamps.
    var timestamp: String { LocalResource.timestamp(now) }

    /// The JSON body as `T`; an empty body is `{}`.
    func body<T: Decodable>(_ type: T.Type) throws(ControlPlaneError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(request.body.isEmpty ? Array("{}".utf8) : request.body))
        } catch {
            throw ControlPlaneError(status: 400, type: "ValidationException", message: "Invalid request body: \(Self.describe(error))")
        }
    }

    /// A query parameter's values.
    func query(_ name: String) -> [String] {
        request.queryParameters.filter { $0.key == name }.map(\.value)
    }

    /// The path's id, checked against AWS's pattern: a resource id (36 characters, a UUID) or the
    /// resource's ARN, as the API's `…Identifier` members allow.
    func pathID(_ field: String) throws(ControlPlaneError) -> String {
        var value = id ?? ""
        if value.hasPrefix("arn:"), let slash = value.lastIndex(of: "/") {
            value = String(value[value.index(after: slash)...])
        }
        var constraints = ControlPlaneError.Constraints()
        constraints.check(
            value.count == 36 && UUID(uuidString: value) != nil, value: id ?? "", at: field,
            "Member must be a resource id ([a-f0-9]{8}-([a-z0-9]{4}-){3}[a-z0-9]{12}) or its ARN")
        try constraints.done()
        return value.lowercased()
    }

    /// An answer that changed nothing.
    func answer(_ value: some Encodable, status: Int = 200, resources: [(type: String, name: String)] = []) -> Output {
        Output(status: status, body: JSONText.data(value), resources: resources)
    }

    /// Runs a change and stores it with its event, in one transaction.
    func commit(
        _ body: @escaping @Sendable (EmulatorState.Mirror) throws -> (changes: [EmulatorState.Change], output: Output)
    ) async throws -> Output {
        try await state.change(recording: draft) { mirror in
            let (changes, output) = try body(mirror)
            let response = try? JSONDecoder().decode(JSONValue.self, from: Data(output.body))
            return (changes, output, output.resources, response)
        }
    }

    /// What is wrong with the body, in the API's words (no Swift type names).
    private static func describe(_ error: any Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map(\.stringValue).joined(separator: ".")
            return text.isEmpty ? "the body" : "'\(text)'"
        }
        switch error {
        case DecodingError.typeMismatch(let type, let context):
            return "\(path(context)) is not \(kind(type))"
        case DecodingError.valueNotFound(let type, let context):
            return "\(path(context)) is null; expected \(kind(type))"
        case DecodingError.keyNotFound(let key, _):
            return "'\(key.stringValue)' is missing"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "the body is not JSON" : "\(path(context)) is not a valid value"
        default:
            return "the body is not JSON"
        }
    }

    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        case is String.Type: "a string"
        default: String(describing: type).hasPrefix("Array") ? "a list" : "a structure"
        }
    }
}
