import Foundation

extension TrustPolicy {
    /// One statement of a trust policy: who (Principal), what (Action), under which conditions.
    struct Statement: Sendable {
        enum Effect: Sendable {
            case allow, deny
        }

        /// Whom a `Principal` (or `NotPrincipal`) names, as far as a service principal can tell.
        struct Principals: Sendable {
            /// `"*"` or `{"AWS": "*"}`: every principal, services included.
            var everyone = false
            /// The `Service` entries, lowercased.
            var services: Set<String> = []

            func contains(service: String) -> Bool {
                everyone || services.contains(service.lowercased())
            }
        }

        /// The statement members IAM knows.
        static let keys: Set<String> = [
            "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
        ]
        /// The principal types IAM knows.
        static let principalTypes: Set<String> = ["AWS", "Service", "Federated", "CanonicalUser"]

        let sid: String?
        let effect: Effect
        let principals: Principals
        /// True for `NotPrincipal`: the statement applies to every principal not named.
        let principalsNegated: Bool
        /// The `Action` (or `NotAction`) patterns, lowercased, with `*` and `?` wildcards.
        let actions: [String]
        /// True for `NotAction`: the statement applies to every action not matched.
        let actionsNegated: Bool
        let conditions: [Condition]

        /// Parses and checks one statement object, refusing it with IAM's message.
        init(json: [String: Any]) throws {
            guard json.keys.allSatisfy(Self.keys.contains) else { throw MalformedDocument.syntaxErrors }
            sid = try Self.sid(json["Sid"])
            effect = try Self.effect(json["Effect"])
            try Self.refuseResources(json)
            (principals, principalsNegated) = try Self.principals(json)
            (actions, actionsNegated) = try Self.actions(json)
            conditions = try json["Condition"].map(Condition.parseBlock) ?? []
        }

        /// True when the statement names the principal, covers the action and its conditions hold.
        /// `context` has lowercased keys.
        func applies(servicePrincipal: String, action: String, context: [String: String]) -> Bool {
            principals.contains(service: servicePrincipal) != principalsNegated
                && coversAction(action) != actionsNegated
                && conditions.allSatisfy { $0.isSatisfied(by: context) }
        }

        private func coversAction(_ action: String) -> Bool {
            let lowered = action.lowercased()
            return actions.contains { Wildcard.matches(lowered, pattern: $0) }
        }
    }
}

// MARK: - Parsing the members

extension TrustPolicy.MalformedDocument {
    static let missingPrincipal = Self(message: "Missing required field Principal")
    static let missingActions = Self(message: "Policy statement must contain actions.")
    static let actionWithoutVendor = Self(
        message: "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")
    static let actionWithTwoColons = Self(message: "Actions/Condition can contain only one colon.")
    static let sidNotAlphanumeric = Self(
        message: "Statement IDs (SID) must be alpha-numeric. "
            + "Check that your input satisfies the regular expression [0-9A-Za-z]*")

    static func prohibitedField(_ name: String) -> Self {
        Self(message: "Has prohibited field \(name)")
    }

    static func invalidVendor(_ vendor: String) -> Self {
        Self(message: "Vendor \(vendor) is not valid")
    }
}

extension TrustPolicy.Statement {
    typealias MalformedDocument = TrustPolicy.MalformedDocument

    /// The optional Sid: a string of ASCII letters and digits.
    static func sid(_ value: Any?) throws -> String? {
        guard let value else { return nil }
        guard let sid = value as? String else { throw MalformedDocument.syntaxErrors }
        guard sid.unicodeScalars.allSatisfy(isASCIILetterOrDigit) else { throw MalformedDocument.sidNotAlphanumeric }
        return sid
    }

    /// `Allow` or `Deny`, in that case exactly (another case fails IAM's "legacy parsing").
    static func effect(_ value: Any?) throws -> Effect {
        guard let text = value as? String else { throw MalformedDocument.syntaxErrors }
        switch text {
        case "Allow": return .allow
        case "Deny": return .deny
        case _ where ["allow", "deny"].contains(text.lowercased()): throw MalformedDocument.legacyParsing
        default: throw MalformedDocument.syntaxErrors
        }
    }

    /// A trust policy names no resources: the role itself is the resource.
    static func refuseResources(_ json: [String: Any]) throws {
        for name in ["Resource", "NotResource"] where json[name] != nil {
            throw MalformedDocument.prohibitedField(name)
        }
    }

    /// Exactly one of `Principal` and `NotPrincipal`.
    static func principals(_ json: [String: Any]) throws -> (Principals, negated: Bool) {
        switch (json["Principal"], json["NotPrincipal"]) {
        case (let value?, nil): return (try principals(value), false)
        case (nil, let value?): return (try principals(value), true)
        case (nil, nil): throw MalformedDocument.missingPrincipal
        default: throw MalformedDocument.syntaxErrors
        }
    }

    /// `"*"`, or an object of principal types, each a string or a non-empty array of strings.
    static func principals(_ value: Any) throws -> Principals {
        if let text = value as? String {
            guard text == "*" else { throw MalformedDocument.syntaxErrors }
            return Principals(everyone: true)
        }
        guard let object = value as? [String: Any], !object.isEmpty else { throw MalformedDocument.syntaxErrors }
        var result = Principals()
        for (type, entries) in object {
            guard principalTypes.contains(type), let names = TrustPolicy.strings(entries), !names.isEmpty else {
                throw MalformedDocument.syntaxErrors
            }
            if type == "AWS", names.contains("*") { result.everyone = true }
            if type == "Service" { result.services.formUnion(names.map { $0.lowercased() }) }
        }
        return result
    }

    /// Exactly one of `Action` and `NotAction`, holding at least one well-formed action.
    static func actions(_ json: [String: Any]) throws -> ([String], negated: Bool) {
        let value: Any, negated: Bool
        switch (json["Action"], json["NotAction"]) {
        case (let action?, nil): (value, negated) = (action, false)
        case (nil, let notAction?): (value, negated) = (notAction, true)
        case (nil, nil): throw MalformedDocument.missingActions
        default: throw MalformedDocument.syntaxErrors
        }
        guard let actions = TrustPolicy.strings(value) else { throw MalformedDocument.syntaxErrors }
        guard !actions.isEmpty else { throw MalformedDocument.missingActions }
        try actions.forEach(checkAction)
        return (actions.map { $0.lowercased() }, negated)
    }

    /// `*`, or `vendor:name` with one colon and a vendor of letters, digits, `-` and `.`.
    static func checkAction(_ action: String) throws {
        guard action != "*" else { return }
        let parts = action.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count > 1 else { throw MalformedDocument.actionWithoutVendor }
        guard parts.count == 2 else { throw MalformedDocument.actionWithTwoColons }
        let vendor = parts[0]
        let valid = vendor == "*" || vendor.unicodeScalars.allSatisfy { isASCIILetterOrDigit($0) || $0 == "-" || $0 == "." }
        guard valid else { throw MalformedDocument.invalidVendor(String(vendor)) }
    }

    static func isASCIILetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
