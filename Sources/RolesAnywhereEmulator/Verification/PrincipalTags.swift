import X509

/// The session tags IAM Roles Anywhere derives from a certificate, which trust policies read
/// as `aws:PrincipalTag/x509Subject/CN`, `aws:PrincipalTag/x509SAN/DNS` and so on.
///
/// Each subject and issuer attribute; from the SAN only the first DNS name, URI and directory
/// name; several values of one attribute joined with `/` in certificate order; values that
/// break STS's tag pattern dropped; the profile's attribute mappings choose what is kept.
public enum PrincipalTags {
    /// The tags of `certificate` under `mappings`, by key (`x509Subject/CN`).
    public static func of(_ certificate: Certificate, mappings: [LocalResource.AttributeMapping]) -> [String: String] {
        var tags = [String: String]()
        add(certificate.subject, field: "x509Subject", to: &tags)
        add(certificate.issuer, field: "x509Issuer", to: &tags)
        if let names = try? certificate.extensions.subjectAlternativeNames {
            var seenDNS = false, seenURI = false, seenName = false
            for name in names {
                switch name {
                case .dnsName(let value) where !seenDNS:
                    seenDNS = true
                    tags["x509SAN/DNS"] = value
                case .uniformResourceIdentifier(let value) where !seenURI:
                    seenURI = true
                    tags["x509SAN/URI"] = value
                case .directoryName(let value) where !seenName:
                    seenName = true
                    add(value, field: "x509SAN/Name", to: &tags)
                default: break
                }
            }
        }
        return tags.filter { key, value in isValidTagValue(value) && isMapped(key, by: mappings) }
    }

    /// The certificate's CN (the most specific one), if any.
    public static func commonName(_ certificate: Certificate) -> String? {
        certificate.subject.reversed().flatMap { $0 }.first { $0.type == .RDNAttributeType.commonName }.map { String($0.value) ?? "\($0.value)" }
    }

    private static func add(_ name: DistinguishedName, field: String, to tags: inout [String: String]) {
        for attribute in name.flatMap({ $0 }) {
            let text = attribute.description
            guard let equals = text.firstIndex(of: "=") else { continue }
            let key = "\(field)/\(text[..<equals])"
            let value = String(attribute.value) ?? String(text[text.index(after: equals)...])
            tags[key] = tags[key].map { "\($0)/\(value)" } ?? value
        }
    }

    /// STS's tag value pattern `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`, at most 256 characters.
    static func isValidTagValue(_ value: String) -> Bool {
        value.count <= 256 && value.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || scalar.properties.generalCategory == .spaceSeparator || "_.:/=+-@".unicodeScalars.contains(scalar)
        }
    }

    /// Whether a mapping rule of the tag's field names it (`*` names every attribute, `Name/*` every directory-name attribute).
    static func isMapped(_ key: String, by mappings: [LocalResource.AttributeMapping]) -> Bool {
        guard let slash = key.firstIndex(of: "/") else { return false }
        let field = String(key[..<slash])
        let attribute = String(key[key.index(after: slash)...])
        guard let mapping = mappings.first(where: { $0.certificateField == field }) else { return false }
        return mapping.mappingRules.contains { rule in
            rule.specifier == "*" || rule.specifier == attribute
                || (rule.specifier.hasSuffix("/*") && attribute.hasPrefix(String(rule.specifier.dropLast())))
        }
    }
}
