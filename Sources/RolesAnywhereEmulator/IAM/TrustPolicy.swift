import Foundation

/// An IAM role's trust policy (its AssumeRolePolicyDocument), parsed once and evaluated for each request.
///
/// Parsing refuses what IAM refuses, with IAM's messages; evaluation follows IAM's order: an explicit
/// deny wins, then any allow, else the request is implicitly denied. Policy variables (`${...}`) are
/// not substituted: they compare as the literal text.
public struct TrustPolicy: Sendable {
    /// IAM's refusal of a document: the text of a `MalformedPolicyDocument` error.
    public struct MalformedDocument: Error, Sendable, Equatable {
        /// The message IAM returns with the error, e.g. `Has prohibited field Resource`.
        public var message: String

        /// Makes a refusal carrying `message`.
        public init(message: String) {
            self.message = message
        }
    }

    /// What is asked: a service principal doing one action, with the request's condition keys.
    public struct Request: Sendable {
        /// The service asking, e.g. `rolesanywhere.amazonaws.com`.
        public var servicePrincipal: String
        /// The action asked for, e.g. `sts:AssumeRole`.
        public var action: String
        /// The request's condition keys and their values, e.g. `aws:SourceArn`. Key names are
        /// matched case-insensitively, values as the operator says.
        public var context: [String: String]

        /// Makes a request of `servicePrincipal` for `action`, with the condition keys `context`.
        public init(servicePrincipal: String, action: String, context: [String: String]) {
            self.servicePrincipal = servicePrincipal
            self.action = action
            self.context = context
        }
    }

    /// The outcome of evaluating a request against the policy.
    public enum Decision: Sendable, Equatable {
        /// An `Allow` statement matches and no `Deny` statement does.
        case allowed
        /// No statement matches.
        case implicitDeny
        /// A `Deny` statement matches.
        case explicitDeny
    }

    /// The statements of the document, in order.
    let statements: [Statement]

    /// Parses a policy document (JSON text).
    ///
    /// - Throws: `MalformedDocument` with IAM's message when IAM would refuse the document.
    public init(document: String) throws {
        let root = try Self.rootObject(of: document)
        try Self.checkTopLevel(root)
        let statements = try Self.statementObjects(in: root["Statement"]).map(Statement.init(json:))
        try Self.checkSidsAreUnique(statements)
        self.statements = statements
    }

    /// Evaluates `request`: `.explicitDeny` if a `Deny` statement matches its principal, action and
    /// conditions, else `.allowed` if an `Allow` statement does, else `.implicitDeny`.
    public func decision(for request: Request) -> Decision {
        decision(
            servicePrincipal: request.servicePrincipal, action: request.action,
            context: Self.normalizedContext(request.context))
    }

    /// True when every one of `actions` is allowed (Roles Anywhere needs `sts:AssumeRole`,
    /// `sts:TagSession` and `sts:SetSourceIdentity`). An empty list of actions is never allowed.
    public func allows(servicePrincipal: String, actions: [String], context: [String: String]) -> Bool {
        let normalized = Self.normalizedContext(context)
        return !actions.isEmpty
            && actions.allSatisfy {
                decision(servicePrincipal: servicePrincipal, action: $0, context: normalized) == .allowed
            }
    }

    /// Evaluates one action against a context whose keys are already lowercased.
    func decision(servicePrincipal: String, action: String, context: [String: String]) -> Decision {
        var allowed = false
        for statement in statements
        where statement.applies(servicePrincipal: servicePrincipal, action: action, context: context) {
            if statement.effect == .deny { return .explicitDeny }
            allowed = true
        }
        return allowed ? .allowed : .implicitDeny
    }

    /// The request's keys lowercased (IAM's key names are case-insensitive). Of two keys differing only
    /// in case, the smaller value is kept, so the outcome never depends on dictionary order.
    static func normalizedContext(_ context: [String: String]) -> [String: String] {
        Dictionary(context.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { Swift.min($0, $1) })
    }
}

// MARK: - The document's top level

extension TrustPolicy.MalformedDocument {
    /// IAM's answer to a document it cannot read as JSON (CreateRole, UpdateAssumeRolePolicy).
    static let invalidJSON = Self(message: "This policy contains invalid Json")
    /// IAM's answer to a document that breaks the policy grammar.
    static let syntaxErrors = Self(message: "Syntax errors in policy.")
    /// IAM's answer to an Effect that is `Allow` or `Deny` in the wrong case.
    static let legacyParsing = Self(message: "The policy failed legacy parsing")
    /// IAM's answer to two statements with the same Sid.
    static let duplicateSid = Self(message: "Statement IDs (SID) in a single policy must be unique.")
}

extension TrustPolicy {
    /// The versions of the policy language IAM accepts in a trust policy.
    static let versions: Set<String> = ["2012-10-17", "2008-10-17"]
    /// The members a document may have.
    static let topLevelKeys: Set<String> = ["Version", "Id", "Statement"]

    /// The document's JSON object; IAM's depth limit applies (JSONSerialization refuses deep nesting).
    static func rootObject(of document: String) throws -> [String: Any] {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(document.utf8), options: [])
        } catch {
            throw MalformedDocument.invalidJSON
        }
        guard let root = parsed as? [String: Any] else { throw MalformedDocument.syntaxErrors }
        return root
    }

    /// Checks the members beside `Statement`: only known keys, a known `Version`, a string `Id`.
    static func checkTopLevel(_ root: [String: Any]) throws {
        guard root.keys.allSatisfy(topLevelKeys.contains) else { throw MalformedDocument.syntaxErrors }
        if let version = root["Version"] {
            guard let text = version as? String, versions.contains(text) else { throw MalformedDocument.syntaxErrors }
        }
        if let id = root["Id"], !(id is String) { throw MalformedDocument.syntaxErrors }
    }

    /// The statement objects: `Statement` is one object or a non-empty array of objects.
    static func statementObjects(in value: Any?) throws -> [[String: Any]] {
        if let single = value as? [String: Any] { return [single] }
        guard let array = value as? [Any], !array.isEmpty else { throw MalformedDocument.syntaxErrors }
        return try array.map { element in
            guard let object = element as? [String: Any] else { throw MalformedDocument.syntaxErrors }
            return object
        }
    }

    /// Refuses two statements with the same (non-empty) Sid.
    static func checkSidsAreUnique(_ statements: [Statement]) throws {
        var seen = Set<String>()
        for sid in statements.compactMap(\.sid) where !sid.isEmpty {
            guard seen.insert(sid).inserted else { throw MalformedDocument.duplicateSid }
        }
    }

    /// A string or an array of strings, as `Action` and each principal type hold; nil for any other
    /// JSON type (or an array holding one).
    static func strings(_ value: Any) -> [String]? {
        if let single = value as? String { return [single] }
        guard let array = value as? [Any] else { return nil }
        var result = [String]()
        result.reserveCapacity(array.count)
        for element in array {
            guard let text = element as? String else { return nil }
            result.append(text)
        }
        return result
    }
}
