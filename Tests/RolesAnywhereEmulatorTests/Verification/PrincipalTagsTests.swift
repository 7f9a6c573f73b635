import Crypto
import Foundation
import RolesAnywhereEmulator
import SwiftASN1
import X509
import XCTest

/// The session tags a certificate gives, compared whole.
final class PrincipalTagsTests: XCTestCase {
    private func certificate() throws -> Certificate {
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName {
            CountryName("DE")
            OrganizationName("Example")
            OrganizationalUnitName("ops")
            OrganizationalUnitName("web")
            CommonName("web-01")
        }
        let issuer = try DistinguishedName { CommonName("Example CA") }
        let extensions = try Certificate.Extensions {
            SubjectAlternativeNames([
                .dnsName("web-01.example.com"), .dnsName("second.example.com"), .uniformResourceIdentifier("spiffe://example/web"),
                .directoryName(try DistinguishedName { CommonName("dir-name") }),
            ])
        }
        return try Certificate(
            version: .v3, serialNumber: .init(bytes: [1, 2, 3]), publicKey: .init(key.publicKey),
            notValidBefore: Date(timeIntervalSince1970: 0), notValidAfter: Date(timeIntervalSince1970: 4_000_000_000), issuer: issuer,
            subject: subject, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions, issuerPrivateKey: .init(key))
    }

    func testTheDefaultMappingsGiveEverySubjectAndIssuerAttributeAndTheFirstSANs() throws {
        let tags = PrincipalTags.of(try certificate(), mappings: LocalResource.AttributeMapping.defaults)
        XCTAssertEqual(tags, [
            "x509Subject/C": "DE", "x509Subject/O": "Example", "x509Subject/OU": "ops/web", "x509Subject/CN": "web-01",
            "x509Issuer/CN": "Example CA",
            "x509SAN/DNS": "web-01.example.com", "x509SAN/URI": "spiffe://example/web", "x509SAN/Name/CN": "dir-name",
        ])
    }

    func testAMappingKeepsOnlyWhatItNames() throws {
        let mappings = [LocalResource.AttributeMapping(certificateField: "x509Subject", mappingRules: [.init(specifier: "CN")])]
        XCTAssertEqual(PrincipalTags.of(try certificate(), mappings: mappings), ["x509Subject/CN": "web-01"])
    }

    func testTheCommonNameIsTheMostSpecificOne() throws {
        XCTAssertEqual(PrincipalTags.commonName(try certificate()), "web-01")
    }
}
