import Foundation
import GRDB

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
            throw ControlPlaneError(status: 400, type: "ValidationException", message: "Request body is not valid: \(Self.describe(error))")
        }
    }

    /// A query parameter's values.
    func query(_ name: String) -> [String] {
        request.queryParameters.filter { $0.key == name }.map(\.value)
    }

    /// The path's id, checked against AWS's pattern (36 characters, a UUID).
    func pathID(_ field: String) throws(ControlPlaneError) -> String {
        let value = id ?? ""
        var constraints = ControlPlaneError.Constraints()
        constraints.check(value.count == 36, value: value, at: field, "Member must have length greater than or equal to 36")
        constraints.check(
            value.count != 36 || UUID(uuidString: value) != nil, value: value, at: field,
            "Member must satisfy regular expression pattern: [a-f0-9]{8}-([a-z0-9]{4}-){3}[a-z0-9]{12}")
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
        let draft = self.draft
        return try await state.change { mirror, db in
            let (changes, output) = try body(mirror)
            var completed = draft
            completed.resources = output.resources
            let response = try? JSONDecoder().decode(JSONValue.self, from: Data(output.body))
            try StateDatabase.insert(completed.event(response: response), in: db)
            return (changes, output)
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.keyNotFound(_, let context), DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            return "not JSON"
        }
    }
}
