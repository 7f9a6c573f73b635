import Foundation

extension IAMQueryHandler {
    func createRole(_ call: IAMCall) async throws -> IAMCall.Output {
        let name = try call.required("RoleName")
        let document = try call.required("AssumeRolePolicyDocument")
        let path = call.parameters["Path"] ?? "/"
        let maxSession = try Self.maxSessionDuration(call.parameters["MaxSessionDuration"])
        try Self.checkRoleName(name)
        let tags = call.tags
        guard Set(tags.map(\.key)).count == tags.count else {
            throw IAMError.invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
        }
        guard path.count <= 512 else {
            throw IAMError.validation(
                "1 validation error detected: Value at 'path' failed to satisfy constraint: Member must have length less than or equal to 512")
        }
        if let description = call.parameters["Description"] {
            guard description.count <= 1000 else {
                throw IAMError.validation(
                    "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 1000")
            }
        }
        guard path.hasPrefix("/"), path.hasSuffix("/") else {
            throw IAMError.validation("The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.")
        }
        try Self.checkPolicy(document)
        let role = IAMRole(
            roleName: name, roleId: "AROA" + CredentialIssuer.random(17, from: CredentialIssuer.upperAlphanumerics),
            arn: "arn:aws:iam::\(state.accountID):role\(path)\(name)", path: path, description: call.parameters["Description"],
            maxSessionDuration: maxSession, assumeRolePolicyDocument: document, createDate: call.now, attachedPolicyArns: [],
            tags: call.tags)
        return try await call.commit { mirror in
            guard mirror.role(named: name) == nil else {
                throw IAMError(status: 409, code: "EntityAlreadyExists", message: "Role with name \(name) already exists.")
            }
            return ([.role(role)], IAMCall.Output(
                result: Self.roleXML(role), resources: [("AWS::IAM::Role", role.arn)],
                response: .object(["role": .object(["roleName": .string(name), "arn": .string(role.arn), "roleId": .string(role.roleId)])])))
        }
    }

    func getRole(_ call: IAMCall) throws -> IAMCall.Output {
        let role = try Self.role(call.required("RoleName"), in: state.snapshot)
        return IAMCall.Output(result: Self.roleXML(role), resources: [("AWS::IAM::Role", role.arn)])
    }

    func listRoles(_ call: IAMCall) throws -> IAMCall.Output {
        let prefix = call.parameters["PathPrefix"] ?? "/"
        let roles = state.snapshot.roles.values.filter { $0.path.hasPrefix(prefix) }.sorted { $0.roleName.lowercased() < $1.roleName.lowercased() }
        let (page, marker) = try Self.page(roles, key: { $0.roleName.lowercased() }, call: call)
        return IAMCall.Output(
            result: "<IsTruncated>\(marker != nil)</IsTruncated><Roles>" + page.map { "<member>\(Self.roleXML($0, wrapped: false))</member>" }.joined()
                + "</Roles>" + (marker.map { "<Marker>\($0.xmlEscaped)</Marker>" } ?? ""),
            resources: [])
    }

    func deleteRole(_ call: IAMCall) async throws -> IAMCall.Output {
        let name = try call.required("RoleName")
        return try await call.commit { mirror in
            let role = try Self.role(name, in: mirror)
            guard role.attachedPolicyArns.isEmpty else {
                throw IAMError(status: 409, code: "DeleteConflict", message: "Cannot delete entity, must detach all policies first.")
            }
            return ([.removed(role.arn)], IAMCall.Output(result: "", resources: [("AWS::IAM::Role", role.arn)]))
        }
    }

    func updateAssumeRolePolicy(_ call: IAMCall) async throws -> IAMCall.Output {
        let name = try call.required("RoleName")
        let document = try call.required("PolicyDocument")
        try Self.checkPolicy(document)
        return try await call.commit { mirror in
            var role = try Self.role(name, in: mirror)
            role.assumeRolePolicyDocument = document
            return ([.role(role)], IAMCall.Output(result: "", resources: [("AWS::IAM::Role", role.arn)]))
        }
    }

    func attachRolePolicy(_ call: IAMCall, attach: Bool) async throws -> IAMCall.Output {
        let name = try call.required("RoleName")
        let policy = try call.required("PolicyArn")
        guard policy.hasPrefix("arn:aws:iam::"), policy.contains(":policy/") else {
            throw IAMError.invalidInput("ARN \(policy) is not valid.")
        }
        return try await call.commit { mirror in
            var role = try Self.role(name, in: mirror)
            if attach {
                if !role.attachedPolicyArns.contains(policy) { role.attachedPolicyArns.append(policy) }
            } else {
                guard role.attachedPolicyArns.contains(policy) else {
                    throw IAMError(status: 404, code: "NoSuchEntity", message: "Policy \(policy) was not found.")
                }
                role.attachedPolicyArns.removeAll { $0 == policy }
            }
            return ([.role(role)], IAMCall.Output(result: "", resources: [("AWS::IAM::Role", role.arn), ("AWS::IAM::Policy", policy)]))
        }
    }

    func listAttachedRolePolicies(_ call: IAMCall) throws -> IAMCall.Output {
        let role = try Self.role(call.required("RoleName"), in: state.snapshot)
        let (page, marker) = try Self.page(role.attachedPolicyArns.sorted(), key: { $0 }, call: call)
        let members = page.map { arn in
            "<member><PolicyName>\((arn.split(separator: "/").last.map(String.init) ?? arn).xmlEscaped)</PolicyName><PolicyArn>\(arn.xmlEscaped)</PolicyArn></member>"
        }
        return IAMCall.Output(
            result: "<AttachedPolicies>\(members.joined())</AttachedPolicies><IsTruncated>\(marker != nil)</IsTruncated>"
                + (marker.map { "<Marker>\($0.xmlEscaped)</Marker>" } ?? ""),
            resources: [("AWS::IAM::Role", role.arn)])
    }

    /// `Marker`/`MaxItems` paging (1-1000, default 100); the marker is the next item's key.
    static func page<T>(_ items: [T], key: (T) -> String, call: IAMCall) throws(IAMError) -> ([T], String?) {
        let maxText = call.parameters["MaxItems"]
        let size = maxText.map { Int($0) ?? 0 } ?? 100
        guard (1...1000).contains(size) else {
            throw .validation("1 validation error detected: Value '\(maxText ?? "")' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000")
        }
        var start = 0
        if let marker = call.parameters["Marker"] {
            guard let data = Data(base64Encoded: marker), let after = String(data: data, encoding: .utf8) else {
                throw .invalidInput("Invalid Marker")
            }
            start = items.firstIndex { key($0) >= after } ?? items.count
        }
        let end = min(start + size, items.count)
        return (Array(items[start..<end]), end < items.count ? Data(key(items[end]).utf8).base64EncodedString() : nil)
    }

    static func role(_ name: String, in mirror: EmulatorState.Mirror) throws(IAMError) -> IAMRole {
        guard let role = mirror.role(named: name) else { throw .noSuchRole(name) }
        return role
    }

    static func checkRoleName(_ name: String) throws(IAMError) {
        guard name.count <= 64 else {
            throw .validation(
                "1 validation error detected: Value '\(name)' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64")
        }
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_+=,.@-".contains($0)) }
        guard (1...64).contains(name.count), allowed else {
            throw .validation(
                "1 validation error detected: Value '\(name)' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+")
        }
    }

    static func maxSessionDuration(_ text: String?) throws(IAMError) -> Int {
        guard let text else { return 3600 }
        guard let value = Int(text), (3600...43_200).contains(value) else {
            throw .validation(
                "1 validation error detected: Value '\(text)' at 'maxSessionDuration' failed to satisfy constraint: Member must have value \(Int(text).map { $0 < 3600 } ?? true ? "greater than or equal to 3600" : "less than or equal to 43200")")
        }
        return value
    }

    static func checkPolicy(_ document: String) throws(IAMError) {
        do {
            _ = try TrustPolicy(document: document)
        } catch let error as TrustPolicy.MalformedDocument {
            throw IAMError(status: 400, code: "MalformedPolicyDocument", message: error.message)
        } catch {
            throw IAMError(status: 400, code: "MalformedPolicyDocument", message: "Syntax errors in policy.")
        }
    }

    /// `<Role>` (or its members, inside a list's `<member>`), with the policy URL-encoded as IAM sends it.
    static func roleXML(_ role: IAMRole, wrapped: Bool = true) -> String {
        let tags = role.tags.isEmpty ? "" : "<Tags>" + role.tags.map { "<member><Key>\($0.key.xmlEscaped)</Key><Value>\($0.value.xmlEscaped)</Value></member>" }.joined() + "</Tags>"
        let members = "<Path>\(role.path.xmlEscaped)</Path><RoleName>\(role.roleName.xmlEscaped)</RoleName>"
            + "<RoleId>\(role.roleId)</RoleId><Arn>\(role.arn.xmlEscaped)</Arn>"
            + "<CreateDate>\(LocalResource.timestamp(role.createDate))</CreateDate>"
            + "<AssumeRolePolicyDocument>\(PercentCoding.encode(role.assumeRolePolicyDocument).xmlEscaped)</AssumeRolePolicyDocument>"
            + (role.description.map { "<Description>\($0.xmlEscaped)</Description>" } ?? "")
            + "<MaxSessionDuration>\(role.maxSessionDuration)</MaxSessionDuration>" + tags
        return wrapped ? "<Role>\(members)</Role>" : members
    }
}
