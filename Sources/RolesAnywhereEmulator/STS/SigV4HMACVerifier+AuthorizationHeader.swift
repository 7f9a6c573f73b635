extension SigV4HMACVerifier {
    /// The parts of an `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` header.
    struct AuthorizationHeader: Hashable, Sendable {
        /// The access key ID, first element of the credential scope.
        var accessKeyID: String
        /// `YYYYMMDD`, second element of the credential scope.
        var scopeDate: String
        /// The region the client configured, third element.
        var region: String
        /// The service, fourth element (`sts`).
        var service: String
        /// The terminator, fifth element (`aws4_request`).
        var terminator: String
        /// The signed header names, in the order the client listed them.
        var signedHeaders: [String]
        /// The signature in hex, as sent.
        var signature: String

        /// `<date>/<region>/<service>/<terminator>`: the scope line of the string to sign.
        var credentialScope: String {
            [scopeDate, region, service, terminator].joined(separator: "/")
        }

        /// Parses the header's shape; errors are `IncompleteSignature`, worded as AWS words them.
        ///
        /// - Parameters:
        ///   - value: The `Authorization` header value.
        ///   - hasDateHeader: Whether the request carries `X-Amz-Date` (AWS reports its absence here).
        static func parse(_ value: String, hasDateHeader: Bool) throws(STSError) -> AuthorizationHeader {
            let trimmed = value.trimmingSpaces
            let algorithmEnd = trimmed.firstIndex(of: " ") ?? trimmed.endIndex
            let algorithm = String(trimmed[..<algorithmEnd])
            guard algorithm == SigV4HMACVerifier.algorithm else {
                throw .incompleteSignature("Unsupported AWS 'algorithm': '\(algorithm)'. Authorization=\(value)")
            }
            let parameters = Self.parameters(trimmed[algorithmEnd...])
            var missing = [String]()
            for name in ["Credential", "Signature", "SignedHeaders"] where (parameters[name] ?? "").isEmpty {
                missing.append("Authorization header requires '\(name)' parameter.")
            }
            if !hasDateHeader {
                missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
            }
            guard missing.isEmpty, let credential = parameters["Credential"],
                let signedHeaders = parameters["SignedHeaders"], let signature = parameters["Signature"]
            else {
                throw .incompleteSignature((missing + ["Authorization=\(value)"]).joined(separator: " "))
            }
            let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard scope.count == 5, !scope[0].isEmpty else {
                throw .incompleteSignature(
                    "Credential must have exactly 5 slash-delimited elements, "
                        + "e.g. keyid/date/region/service/term, got '\(credential)'"
                )
            }
            return AuthorizationHeader(
                accessKeyID: scope[0], scopeDate: scope[1], region: scope[2], service: scope[3], terminator: scope[4],
                signedHeaders: signedHeaders.split(separator: ";").map(String.init),
                signature: signature
            )
        }

        /// `Name=value` pairs separated by commas; names are case-sensitive, later ones win.
        private static func parameters(_ text: Substring) -> [String: String] {
            var parameters = [String: String]()
            for item in text.split(separator: ",") {
                let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard pair.count == 2 else { continue }
                parameters[String(pair[0]).trimmingSpaces] = String(pair[1]).trimmingSpaces
            }
            return parameters
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
