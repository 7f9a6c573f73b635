import Foundation

/// The CreateSession parameters of a request, from the query string (the official helper)
/// or from the JSON body (the Python client), whichever carries them.
struct SessionParameters: Sendable {
    var trustAnchorARN: String
    var profileARN: String
    var roleARN: String
    var durationSeconds: Int
    var roleSessionName: String?

    private struct Body: Decodable {
        var durationSeconds: Int?
        var roleSessionName: String?
        var profileArn: String?
        var roleArn: String?
        var trustAnchorArn: String?
    }

    init(_ request: ReceivedRequest) throws {
        guard request.body.count <= SessionRequestVerifier.maximumBodySize else {
            throw ServiceError(status: 413, type: "ValidationException", message: "Request body too large", reason: "the body exceeds 64 KiB")
        }
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: Data(request.body.isEmpty ? Array("{}".utf8) : request.body))
        } catch {
            throw ServiceError.validation("Request body is not valid JSON", reason: "the body does not parse as the CreateSession JSON")
        }
        var query: [String: String] = [:]
        for (key, value) in request.queryParameters {
            guard query[key] == nil else {
                throw ServiceError.validation("Duplicate parameter \(key)", reason: "the query string gives \(key) twice")
            }
            query[key] = value
        }
        func field(_ name: String, _ fromBody: String?) throws -> String {
            if let inQuery = query[name], let fromBody, inQuery != fromBody {
                throw ServiceError.validation(
                    "Conflicting values for \(name)", reason: "the query string and the body give different \(name) values")
            }
            guard let value = query[name] ?? fromBody, !value.isEmpty else {
                throw ServiceError.validation("Missing required parameter \(name)")
            }
            return value
        }
        self.trustAnchorARN = try field("trustAnchorArn", body.trustAnchorArn)
        self.profileARN = try field("profileArn", body.profileArn)
        self.roleARN = try field("roleArn", body.roleArn)
        let duration = body.durationSeconds ?? 3600
        guard (900...43_200).contains(duration) else {
            throw ServiceError.validation(
                "1 validation error detected: Value '\(duration)' at 'durationSeconds' failed to satisfy constraint: Member must have value \(duration < 900 ? "greater than or equal to 900" : "less than or equal to 43200")")
        }
        self.durationSeconds = duration
        if let name = body.roleSessionName {
            // AWS's constraint: 2 to 64 characters of [\w+=,.@-].
            let allowed = name.unicodeScalars.allSatisfy {
                ($0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_+=,.@-".unicodeScalars.contains($0)))
            }
            guard (2...64).contains(name.count), allowed else {
                throw ServiceError.validation(
                    "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64 and satisfy regular expression pattern: [\\w+=,.@-]*",
                    reason: "the roleSessionName is not 2 to 64 characters of letters, digits and _+=,.@-")
            }
        }
        self.roleSessionName = body.roleSessionName
    }
}
