import RolesAnywhere
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import X509

/// Reads subject names written as text, `CN=client,O=Example,C=DE` (RFC 4514 order: the most
/// specific name first, as `openssl x509 -subject -nameopt rfc2253` and swift-certificates
/// print them) or `/C=DE/O=Example/CN=client` (OpenSSL's `-subj` order).
///
/// The attributes `CN`, `O`, `OU`, `C`, `ST` and `L` are accepted; `\,` escapes a comma in a
/// value. `C` must be two letters.
public enum SubjectName {
    /// The attribute names accepted, in the order help texts list them.
    public static let attributeNames = ["CN", "O", "OU", "C", "ST", "L"]

    /// Parses a subject.
    /// - Throws: `invalidArgument` with the part that is wrong.
    public static func parse(_ text: String) throws(RolesAnywhereError) -> DistinguishedName {
        let trimmed = String(text.trimmingASCIIWhitespace())
        let slashForm = trimmed.hasPrefix("/")
        let parts = slashForm ? split(String(trimmed.dropFirst()), on: "/") : split(trimmed, on: ",")
        var attributes: [RelativeDistinguishedName.Attribute] = []
        for part in parts where !part.trimmingASCIIWhitespace().isEmpty {
            attributes.append(try attribute(part, in: text))
        }
        guard !attributes.isEmpty else {
            throw RolesAnywhereError(.invalidArgument, "the subject '\(text)' is empty: write it like CN=client,O=Example")
        }
        // DER lists the most general name first; the comma form lists it last.
        let ordered = slashForm ? attributes : attributes.reversed()
        return DistinguishedName(ordered.map { RelativeDistinguishedName($0) })
    }

    private static func attribute(_ part: String, in text: String) throws(RolesAnywhereError) -> RelativeDistinguishedName.Attribute {
        guard let equals = part.firstIndex(of: "=") else {
            throw RolesAnywhereError(.invalidArgument, "the subject '\(text)' has a part '\(part)' without '=': write it like CN=client,O=Example")
        }
        let name = part[..<equals].trimmingASCIIWhitespace().uppercased()
        let value = String(part[part.index(after: equals)...].trimmingASCIIWhitespace())
        guard !value.isEmpty else {
            throw RolesAnywhereError(.invalidArgument, "the subject '\(text)' has an empty \(name) value")
        }
        switch name {
        case "CN": return .init(type: .RDNAttributeType.commonName, utf8String: value)
        case "O": return .init(type: .RDNAttributeType.organizationName, utf8String: value)
        case "OU": return .init(type: .RDNAttributeType.organizationalUnitName, utf8String: value)
        case "ST": return .init(type: .RDNAttributeType.stateOrProvinceName, utf8String: value)
        case "L": return .init(type: .RDNAttributeType.localityName, utf8String: value)
        case "C":
            guard value.count == 2, value.allSatisfy({ $0.isASCII && $0.isLetter }),
                let country = try? RelativeDistinguishedName.Attribute(type: .RDNAttributeType.countryName, printableString: value.uppercased())
            else {
                throw RolesAnywhereError(.invalidArgument, "the subject '\(text)' has C=\(value): a country is two letters, e.g. C=DE")
            }
            return country
        default:
            throw RolesAnywhereError(
                .invalidArgument,
                "the subject '\(text)' has the attribute '\(name)': use \(attributeNames.joined(separator: ", "))")
        }
    }

    /// Splits on `separator` except where a backslash escapes it; the backslashes go.
    private static func split(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == separator {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }
}
