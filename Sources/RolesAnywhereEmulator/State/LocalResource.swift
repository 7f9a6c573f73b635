import Foundation

/// The resources of the local AWS, in the JSON shapes the Roles Anywhere control plane answers
/// with (botocore's model), which is also how they are stored: what is kept is what is shown.
public enum LocalResource {
    /// An ISO 8601 timestamp with fractional seconds, as the control plane writes them.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

extension LocalResource {
    /// `trustAnchor`: a source of CA certificates that client chains must reach.
    public struct TrustAnchor: Codable, Sendable, Hashable {
        public var trustAnchorId: String
        public var trustAnchorArn: String
        public var name: String
        public var source: Source
        public var enabled: Bool
        public var notificationSettings: [NotificationSetting]
        public var createdAt: String
        public var updatedAt: String

        /// `source`: where the CA certificates come from (a tagged union: exactly one data member).
        public struct Source: Codable, Sendable, Hashable {
            /// `AWS_ACM_PCA`, `CERTIFICATE_BUNDLE` or `SELF_SIGNED_REPOSITORY`.
            public var sourceType: String
            public var sourceData: SourceData
        }

        /// `sourceData`: the PEM bundle, or the ARN of an ACM Private CA.
        public struct SourceData: Codable, Sendable, Hashable {
            public var x509CertificateData: String?
            public var acmPcaArn: String?
        }
    }

    /// A notification setting as answered (`NotificationSettingDetail`).
    public struct NotificationSetting: Codable, Sendable, Hashable {
        public var enabled: Bool
        /// `CA_CERTIFICATE_EXPIRY` or `END_ENTITY_CERTIFICATE_EXPIRY`.
        public var event: String
        public var threshold: Int?
        public var channel: String?
        public var configuredBy: String?

        /// What a trust anchor answers when nothing was configured: both events, 45 days, enabled.
        static let defaults: [NotificationSetting] = ["CA_CERTIFICATE_EXPIRY", "END_ENTITY_CERTIFICATE_EXPIRY"].map {
            NotificationSetting(enabled: true, event: $0, threshold: 45, channel: "ALL", configuredBy: "rolesanywhere.amazonaws.com")
        }
    }

    /// `profile`: which roles a certificate may assume, for how long, with which session tags.
    public struct Profile: Codable, Sendable, Hashable {
        public var profileId: String
        public var profileArn: String
        public var name: String
        public var roleArns: [String]
        public var managedPolicyArns: [String]
        public var sessionPolicy: String?
        public var durationSeconds: Int
        public var enabled: Bool
        public var requireInstanceProperties: Bool
        public var acceptRoleSessionName: Bool
        public var attributeMappings: [AttributeMapping]
        public var createdBy: String
        public var createdAt: String
        public var updatedAt: String
    }

    /// Which certificate attributes become principal tags (`attributeMapping`).
    public struct AttributeMapping: Codable, Sendable, Hashable {
        /// `x509Subject`, `x509Issuer` or `x509SAN`.
        public var certificateField: String
        public var mappingRules: [MappingRule]

        public struct MappingRule: Codable, Sendable, Hashable {
            /// `CN`, `*`, `DNS`, `Name/*`, ...
            public var specifier: String

            public init(specifier: String) { self.specifier = specifier }
        }

        public init(certificateField: String, mappingRules: [MappingRule]) {
            self.certificateField = certificateField
            self.mappingRules = mappingRules
        }

        /// A new profile's mappings: every subject and issuer attribute, and the SAN's DNS, URI and directory name.
        public static let defaults: [AttributeMapping] = [
            AttributeMapping(certificateField: "x509Subject", mappingRules: [MappingRule(specifier: "*")]),
            AttributeMapping(certificateField: "x509Issuer", mappingRules: [MappingRule(specifier: "*")]),
            AttributeMapping(
                certificateField: "x509SAN",
                mappingRules: ["DNS", "URI", "Name/*"].map { MappingRule(specifier: $0) }),
        ]
    }

    /// `crl`: a certificate revocation list imported for a trust anchor.
    public struct CRL: Codable, Sendable, Hashable {
        public var crlId: String
        public var crlArn: String
        public var name: String
        public var enabled: Bool
        /// The CRL as imported (DER or PEM), base64.
        public var crlData: String
        public var trustAnchorArn: String
        public var createdAt: String
        public var updatedAt: String
    }

    /// `subject`: a certificate identity seen by CreateSession, with the certificates it used.
    public struct Subject: Codable, Sendable, Hashable {
        public var subjectId: String
        public var subjectArn: String
        public var x509Subject: String
        public var enabled: Bool
        public var lastSeenAt: String
        public var createdAt: String
        public var updatedAt: String
        public var credentials: [Credential]?
        public var instanceProperties: [InstanceProperty]?

        /// One certificate of the subject (`CredentialSummary`).
        public struct Credential: Codable, Sendable, Hashable {
            public var seenAt: String
            public var serialNumber: String
            public var issuer: String
            public var enabled: Bool
            public var x509CertificateData: String
            public var failed: Bool
        }

        /// `InstanceProperty` (none are sent by this project's client; kept for the shape).
        public struct InstanceProperty: Codable, Sendable, Hashable {
            public var seenAt: String?
            public var properties: [String: String]?
            public var failed: Bool?
        }
    }

    /// `{key, value}` of TagResource and ListTagsForResource.
    public struct Tag: Codable, Sendable, Hashable {
        public var key: String
        public var value: String
    }
}
