/// A refusal of the control plane: status, `x-amzn-ErrorType` and `{"message"}`, as AWS answers.
public struct ControlPlaneError: Error, Sendable, Hashable {
    public var status: Int
    /// `ValidationException`, `ResourceNotFoundException`, `AccessDeniedException`, `TooManyTagsException`, ...
    public var type: String
    public var message: String

    public init(status: Int, type: String, message: String) {
        self.status = status
        self.type = type
        self.message = message
    }

    static func validation(_ message: String) -> ControlPlaneError {
        ControlPlaneError(status: 400, type: "ValidationException", message: message)
    }

    static func notFound(_ message: String) -> ControlPlaneError {
        ControlPlaneError(status: 404, type: "ResourceNotFoundException", message: message)
    }

    static func accessDenied(_ message: String) -> ControlPlaneError {
        ControlPlaneError(status: 403, type: "AccessDeniedException", message: message)
    }

    /// AWS's constraint wording, several at once:
    /// `2 validation errors detected: Value 'x' at 'name' failed to satisfy constraint: ...; Value ...`.
    struct Constraints {
        private(set) var failures: [String] = []

        mutating func check(_ ok: Bool, value: String?, at field: String, _ constraint: String) {
            guard !ok else { return }
            let shown = value.map { "Value '\($0)'" } ?? "Value null"
            failures.append("\(shown) at '\(field)' failed to satisfy constraint: \(constraint)")
        }

        /// A check whose value is too long or too private to repeat: `Value at 'field' failed …`.
        mutating func check(_ ok: Bool, at field: String, _ constraint: String) {
            guard !ok else { return }
            failures.append("Value at '\(field)' failed to satisfy constraint: \(constraint)")
        }

        mutating func name(_ value: String?, at field: String, required: Bool) {
            guard let value else {
                check(!required, value: nil, at: field, "Member must not be null")
                return
            }
            check(value.count >= 1, value: value, at: field, "Member must have length greater than or equal to 1")
            check(value.count <= 255, value: value, at: field, "Member must have length less than or equal to 255")
            check(
                value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || " -_".contains($0)) }, value: value, at: field,
                "Member must satisfy regular expression pattern: ^[ a-zA-Z0-9-_]*$")
        }

        mutating func range(_ value: Int?, at field: String, _ bounds: ClosedRange<Int>) {
            guard let value else { return }
            check(value >= bounds.lowerBound, value: "\(value)", at: field, "Member must have value greater than or equal to \(bounds.lowerBound)")
            check(value <= bounds.upperBound, value: "\(value)", at: field, "Member must have value less than or equal to \(bounds.upperBound)")
        }

        mutating func count<C: Collection>(_ value: C?, at field: String, max: Int, min: Int = 0) {
            guard let value else { return }
            check(value.count >= min, at: field, "Member must have length greater than or equal to \(min)")
            check(value.count <= max, at: field, "Member must have length less than or equal to \(max)")
        }

        mutating func oneOf(_ value: String?, at field: String, _ allowed: [String], required: Bool = true) {
            guard let value else {
                check(!required, value: nil, at: field, "Member must not be null")
                return
            }
            check(allowed.contains(value), value: value, at: field, "Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]")
        }

        /// Throws the collected failures as one ValidationException.
        func done() throws(ControlPlaneError) {
            guard !failures.isEmpty else { return }
            let count = failures.count == 1 ? "1 validation error detected" : "\(failures.count) validation errors detected"
            throw .validation("\(count): \(failures.joined(separator: "; "))")
        }
    }
}
