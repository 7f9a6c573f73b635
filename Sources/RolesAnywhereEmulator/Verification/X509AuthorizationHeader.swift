import RolesAnywhere
/// A parsed SigV4-X509 `Authorization` header:
/// `AWS4-X509-<RSA|ECDSA>-SHA256 Credential=<serial>/<date>/<region>/rolesanywhere/aws4_request, SignedHeaders=<a;b>, Signature=<hex>`.
package struct X509AuthorizationHeader: Sendable, Hashable {
    /// The key family the algorithm names.
    enum KeyFamily: Sendable { case rsa, ecdsa }

    var algorithm: String
    var keyFamily: KeyFamily
    var serial: String
    var date: String
    var region: String
    var service: String
    var signedHeaders: [String]
    var signature: [UInt8]

    /// The credential scope `date/region/service/aws4_request`.
    var credentialScope: String { "\(date)/\(region)/\(service)/aws4_request" }

    /// Parses the header; nil when it is not of this shape.
    package init?(_ value: String) {
        guard let space = value.firstIndex(of: " ") else { return nil }
        let algorithm = String(value[..<space])
        // The Python client names the algorithm after the certificate's own signature hash
        // (e.g. AWS4-X509-ECDSA-SHA384) while still signing over SHA-256: accept those names.
        let families: [(String, KeyFamily)] = [("AWS4-X509-RSA-SHA", .rsa), ("AWS4-X509-ECDSA-SHA", .ecdsa)]
        guard let family = families.first(where: { algorithm.hasPrefix($0.0) }),
            ["256", "384", "512"].contains(String(algorithm.dropFirst(family.0.count)))
        else { return nil }
        var fields = [String: String]()
        for part in value[value.index(after: space)...].split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: " ")
            guard let equals = trimmed.firstIndex(of: "=") else { return nil }
            fields[String(trimmed[..<equals])] = String(trimmed[trimmed.index(after: equals)...])
        }
        guard let credential = fields["Credential"], let signed = fields["SignedHeaders"], let hex = fields["Signature"],
            let signature = Self.bytes(hex: hex), !signature.isEmpty
        else { return nil }
        let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard scope.count == 5, scope[4] == "aws4_request", !scope[0].isEmpty, scope[0].allSatisfy(\.isNumber) else {
            return nil
        }
        let headers = signed.split(separator: ";").map(String.init)
        guard !headers.isEmpty, headers.allSatisfy({ $0 == $0.lowercased() }) else { return nil }
        self.algorithm = algorithm
        self.keyFamily = family.1
        self.serial = scope[0]
        self.date = scope[1]
        self.region = scope[2]
        self.service = scope[3]
        self.signedHeaders = headers
        self.signature = signature
    }

    /// The signature's bytes: lower-case hex only, as SigV4 writes it.
    private static func bytes(hex: String) -> [UInt8]? {
        guard !hex.utf8.contains(where: { (UInt8(ascii: "A")...UInt8(ascii: "F")).contains($0) }) else { return nil }
        return Hex.decode(hex)
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> Substring {
        var result = self
        while result.first == set { result = result.dropFirst() }
        while result.last == set { result = result.dropLast() }
        return result
    }
}
