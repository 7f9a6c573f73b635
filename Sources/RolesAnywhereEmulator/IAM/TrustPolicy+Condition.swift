import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension TrustPolicy {
    /// One test of a statement's `Condition` block: an operator applied to one key and its values.
    ///
    /// The values of one key OR together (for a negated operator: the key must match none of them);
    /// the statement ANDs all its tests.
    struct Condition: Sendable {
        /// A condition operator: the comparison, with its `ForAnyValue:`/`ForAllValues:` prefix and
        /// `IfExists` suffix.
        struct Operator: Sendable, Equatable {
            var comparison: Comparison
            var qualifier: SetQualifier
            var ifExists: Bool
        }

        /// The comparisons IAM offers that a trust policy of this emulator can hold.
        enum Comparison: String, Sendable, CaseIterable {
            case stringEquals = "StringEquals"
            case stringNotEquals = "StringNotEquals"
            case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
            case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
            case stringLike = "StringLike"
            case stringNotLike = "StringNotLike"
            case arnEquals = "ArnEquals"
            case arnNotEquals = "ArnNotEquals"
            case arnLike = "ArnLike"
            case arnNotLike = "ArnNotLike"
            case null = "Null"
            case bool = "Bool"
            case numericEquals = "NumericEquals"
            case numericNotEquals = "NumericNotEquals"
            case numericLessThan = "NumericLessThan"
            case numericLessThanEquals = "NumericLessThanEquals"
            case numericGreaterThan = "NumericGreaterThan"
            case numericGreaterThanEquals = "NumericGreaterThanEquals"
            case dateEquals = "DateEquals"
            case dateNotEquals = "DateNotEquals"
            case dateLessThan = "DateLessThan"
            case dateLessThanEquals = "DateLessThanEquals"
            case dateGreaterThan = "DateGreaterThan"
            case dateGreaterThanEquals = "DateGreaterThanEquals"
            case ipAddress = "IpAddress"
            case notIpAddress = "NotIpAddress"
        }

        /// The set operator prefix. The request's keys are single-valued here, so it only changes
        /// the outcome for an absent key.
        enum SetQualifier: Sendable, Equatable {
            case single, forAnyValue, forAllValues
        }

        let conditionOperator: Operator
        /// The condition key, lowercased (key names are case-insensitive).
        let key: String
        /// The policy's values for the key (numbers and booleans as their JSON text).
        let values: [String]

        /// True when the request's context (lowercased keys) passes this test.
        func isSatisfied(by context: [String: String]) -> Bool {
            let comparison = conditionOperator.comparison
            guard comparison != .null else { return nullHolds(keyPresent: context[key] != nil) }
            guard let value = context[key] else { return absentKeyOutcome }
            let matched = values.contains { comparison.matches(value, policyValue: $0) }
            return matched != comparison.isNegated
        }

        /// IAM's outcome when the key is not in the request: true for `…IfExists` and `ForAllValues:`,
        /// false for `ForAnyValue:`, else true only for a negated operator.
        var absentKeyOutcome: Bool {
            if conditionOperator.ifExists { return true }
            switch conditionOperator.qualifier {
            case .forAllValues: return true
            case .forAnyValue: return false
            case .single: return conditionOperator.comparison.isNegated
            }
        }

        /// `Null`: `"true"` holds when the key is absent, `"false"` when it is present.
        func nullHolds(keyPresent: Bool) -> Bool {
            values.contains { value in
                switch value.lowercased() {
                case "true": return !keyPresent
                case "false": return keyPresent
                default: return false
                }
            }
        }
    }
}

extension TrustPolicy.Condition.Comparison {
    /// True for the operators that pass when the key matches none of the values (`…Not…`).
    var isNegated: Bool {
        rawValue.contains("Not")
    }

    /// The positive comparison of the request's `value` with one of the policy's values (a negated
    /// operator inverts the result over all values).
    func matches(_ value: String, policyValue: String) -> Bool {
        switch self {
        case .stringEquals, .stringNotEquals:
            return value.unicodeScalars.elementsEqual(policyValue.unicodeScalars)
        case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase, .bool:
            return value.lowercased().unicodeScalars.elementsEqual(policyValue.lowercased().unicodeScalars)
        case .stringLike, .stringNotLike:
            return TrustPolicy.Wildcard.matches(value, pattern: policyValue)
        case .arnEquals, .arnNotEquals, .arnLike, .arnNotLike:
            return TrustPolicy.Wildcard.matchesARN(value, pattern: policyValue)
        case .null:
            return false  // `Null` tests presence, not values: see `nullHolds(keyPresent:)`
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan, .numericGreaterThanEquals:
            guard let left = Double(value), let right = Double(policyValue) else { return false }
            return order(left, right)
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            guard let left = Self.date(value), let right = Self.date(policyValue) else { return false }
            return order(left, right)
        case .ipAddress, .notIpAddress:
            return TrustPolicy.AddressRange(policyValue)?.contains(value) ?? false
        }
    }

    /// The numeric and date comparisons (`…NotEquals` is the negation of `…Equals`).
    private func order<T: Comparable>(_ left: T, _ right: T) -> Bool {
        switch self {
        case .numericLessThan, .dateLessThan: left < right
        case .numericLessThanEquals, .dateLessThanEquals: left <= right
        case .numericGreaterThan, .dateGreaterThan: left > right
        case .numericGreaterThanEquals, .dateGreaterThanEquals: left >= right
        default: left == right
        }
    }

    /// A date as IAM reads one: ISO 8601 (with or without fractional seconds, or a bare day) or epoch seconds.
    static func date(_ text: String) -> Date? {
        if let seconds = Double(text) { return Date(timeIntervalSince1970: seconds) }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day())
    }
}

extension TrustPolicy {
    /// A CIDR range of `IpAddress`/`NotIpAddress` (a bare address is its own /32 or /128).
    struct AddressRange {
        let network: [UInt8]
        let prefixLength: Int

        init?(_ text: String) {
            let parts = text.split(separator: "/", maxSplits: 1)
            guard let first = parts.first, let address = Self.bytes(String(first)) else { return nil }
            let length = parts.count == 2 ? Int(parts[1]) : address.count * 8
            guard let length, (0...address.count * 8).contains(length) else { return nil }
            network = address
            prefixLength = length
        }

        func contains(_ text: String) -> Bool {
            guard let address = Self.bytes(text), address.count == network.count else { return false }
            var remaining = prefixLength
            for (left, right) in zip(address, network) where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                guard left & mask == right & mask else { return false }
                remaining -= bits
            }
            return true
        }

        /// The address's bytes (4 for IPv4, 16 for IPv6), through the system's `inet_pton`.
        static func bytes(_ text: String) -> [UInt8]? {
            var v4 = in_addr()
            if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
            var v6 = in6_addr()
            if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
            return nil
        }
    }
}

// MARK: - Parsing

extension TrustPolicy.Condition {
    typealias MalformedDocument = TrustPolicy.MalformedDocument

    /// Parses a `Condition` block: `{ "<Operator>": { "<key>": value-or-array } }`.
    ///
    /// An operator with no keys is accepted and tests nothing, even an unknown one, as IAM does; an
    /// unknown operator with keys makes the document malformed.
    static func parseBlock(_ json: Any) throws -> [Self] {
        guard let block = json as? [String: Any] else { throw MalformedDocument.syntaxErrors }
        var conditions = [Self]()
        for (name, entries) in block {
            guard let keys = entries as? [String: Any] else { throw MalformedDocument.syntaxErrors }
            guard !keys.isEmpty else { continue }
            let parsedOperator = try Operator(parsing: name)
            for (key, raw) in keys {
                conditions.append(Self(conditionOperator: parsedOperator, key: key.lowercased(), values: try values(raw)))
            }
        }
        return conditions
    }

    /// A value or an array of values; each a string, number or boolean.
    static func values(_ raw: Any) throws -> [String] {
        if let array = raw as? [Any] { return try array.map(scalarText) }
        return [try scalarText(raw)]
    }

    /// The text of a string, number or boolean (`true`/`false`); any other JSON type is refused.
    static func scalarText(_ value: Any) throws -> String {
        if let text = value as? String { return text }
        guard let number = value as? NSNumber else { throw MalformedDocument.syntaxErrors }
        let isBoolean = String(cString: number.objCType) == "c"  // JSON booleans; numbers are never `char`
        return isBoolean ? (number.boolValue ? "true" : "false") : number.stringValue
    }
}

extension TrustPolicy.Condition.Operator {
    static let forAnyValuePrefix = "ForAnyValue:"
    static let forAllValuesPrefix = "ForAllValues:"
    static let ifExistsSuffix = "IfExists"

    /// Parses an operator name such as `ForAnyValue:StringLikeIfExists` (names are case-sensitive).
    init(parsing name: String) throws {
        var rest = Substring(name)
        qualifier = .single
        if rest.hasPrefix(Self.forAnyValuePrefix) {
            qualifier = .forAnyValue
            rest = rest.dropFirst(Self.forAnyValuePrefix.count)
        } else if rest.hasPrefix(Self.forAllValuesPrefix) {
            qualifier = .forAllValues
            rest = rest.dropFirst(Self.forAllValuesPrefix.count)
        }
        ifExists = rest.hasSuffix(Self.ifExistsSuffix)
        if ifExists { rest = rest.dropLast(Self.ifExistsSuffix.count) }
        guard let comparison = TrustPolicy.Condition.Comparison(rawValue: String(rest)),
            !(comparison == .null && ifExists)
        else { throw TrustPolicy.MalformedDocument.syntaxErrors }
        self.comparison = comparison
    }
}

// MARK: - Wildcards

extension TrustPolicy {
    /// IAM's wildcards: `*` matches any run of characters (none included), `?` exactly one.
    enum Wildcard {
        /// True when all of `text` matches `pattern`, case-sensitively.
        static func matches(_ text: String, pattern: String) -> Bool {
            matches(Array(text.unicodeScalars), Array(pattern.unicodeScalars))
        }

        /// ARN matching: both split at their first five colons and compared segment by segment, so
        /// a wildcard never spans a colon between segments. A pattern that is not six segments (such
        /// as `*`) is matched against the whole text.
        static func matchesARN(_ text: String, pattern: String) -> Bool {
            let patternSegments = arnSegments(pattern)
            guard patternSegments.count == 6 else { return matches(text, pattern: pattern) }
            let textSegments = arnSegments(text)
            return textSegments.count == 6
                && zip(textSegments, patternSegments).allSatisfy { matches(String($0), pattern: String($1)) }
        }

        static func arnSegments(_ arn: String) -> [Substring] {
            arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        }

        /// Iterative matching with one backtrack point (the last `*`): no recursion, O(n·m) at worst.
        static func matches(_ text: [Unicode.Scalar], _ pattern: [Unicode.Scalar]) -> Bool {
            var textIndex = 0, patternIndex = 0
            var lastStar: Int? = nil, resumeAt = 0
            while textIndex < text.count {
                if patternIndex < pattern.count, pattern[patternIndex] == "*" {
                    lastStar = patternIndex
                    resumeAt = textIndex
                    patternIndex += 1
                } else if patternIndex < pattern.count,
                    pattern[patternIndex] == "?" || pattern[patternIndex] == text[textIndex]
                {
                    textIndex += 1
                    patternIndex += 1
                } else if let star = lastStar {
                    resumeAt += 1
                    textIndex = resumeAt
                    patternIndex = star + 1
                } else {
                    return false
                }
            }
            return pattern[patternIndex...].allSatisfy { $0 == "*" }
        }
    }
}
