import Foundation

/// One IAM call being answered: its parameters, clock and event, and its commit.
struct IAMCall: Sendable {
    let state: EmulatorState
    let parameters: STSQueryParameters
    let now: Date
    let draft: EventDraft

    /// The XML inside `<ActionResult>` (empty for actions without a result) and the resources touched.
    struct Output: Sendable {
        var result: String
        var resources: [(type: String, name: String)]
        /// What CloudTrail records as responseElements.
        var response: JSONValue? = nil
    }

    /// A required parameter.
    func required(_ name: String) throws(IAMError) -> String {
        guard let value = parameters[name], !value.isEmpty else {
            throw .validation("1 validation error detected: Value null at '\(IAMQueryHandler.camelCase(name))' failed to satisfy constraint: Member must not be null")
        }
        return value
    }

    /// `Tags.member.N.Key` / `.Value`, in order.
    var tags: [LocalResource.Tag] {
        var tags = [LocalResource.Tag]()
        var index = 1
        while let key = parameters["Tags.member.\(index).Key"] {
            tags.append(LocalResource.Tag(key: key, value: parameters["Tags.member.\(index).Value"] ?? ""))
            index += 1
        }
        return tags
    }

    /// Runs a change and stores it with its event, in one transaction.
    func commit(
        _ body: @escaping @Sendable (EmulatorState.Mirror) throws -> (changes: [EmulatorState.Change], output: Output)
    ) async throws -> Output {
        try await state.change(recording: draft) { mirror in
            let (changes, output) = try body(mirror)
            return (changes, output, output.resources, output.response)
        }
    }
}
