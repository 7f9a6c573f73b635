import Foundation
import PKCS11
import RolesAnywhereTestSupport
import X509
import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

/// Key generation, CSR signing and certificate storage in SoftHSM's `ra-second` token; every
/// object made is deleted again (other tests count the token's objects).
final class TokenProvisioningTests: XCTestCase {
    private let token = "ra-second"
    private let pin = PINSource.environment(TokenProvisioningTests.pinVariable)

    private func cleanUp(_ labels: [String]) throws {
        let module = try PKCS11Module.load(path: SoftHSMTokens.modulePath)
        guard let slot = try module.slots().first(where: { try $0.tokenInfo().label == token }) else { return }
        let session = try slot.openSession(readWrite: true)
        try session.login(.user, pin: PIN(SoftHSMTokens.userPIN))
        for label in labels {
            for object in try session.findObjects([.label(label)]) { try session.destroyObject(object) }
        }
    }

    func testGeneratedKeySignsACSRAndItsCertificateIsStoredNextToIt() async throws {
        try Self.prepare()
        let files = try TestFiles()
        defer { files.removeAll() }
        for (label, type) in [("unit-prov-p256", CertificateKeyType.ecP256), ("unit-prov-p384", .ecP384), ("unit-prov-rsa", .rsa2048)] {
            defer { try? cleanUp([label]) }
            let uri = try TokenProvisioner(token: token, modulePath: SoftHSMTokens.modulePath, pinSource: pin)
                .generateKeyPair(label: label, id: nil, keyType: type)
            XCTAssertTrue(uri.hasSuffix(";object=\(label);type=private"), uri)
            let request = try TokenCSRMaker(keyURI: uri, modulePath: SoftHSMTokens.modulePath, pinSource: pin)
                .makeRequest(subject: try SubjectName.parse("CN=\(label)"))
            XCTAssertTrue(request.publicKey.isValidSignature(request.signature, for: request))
            XCTAssertEqual(request.signatureAlgorithm, type == .ecP384 ? .ecdsaWithSHA384 : type == .ecP256 ? .ecdsaWithSHA256 : .sha256WithRSAEncryption)
            let folder = CertificateAuthorityFolder(directory: files.path("ca-\(label)"))
            try CertificateAuthorityMaker(subject: try SubjectName.parse("CN=Provisioning CA")).create(in: folder)
            let certificate = try ClientCertificateIssuer(authority: CertificateAuthority(folder: folder)).issue(request, days: 10)
            let path = try files.write(try ClientCertificateIssuer.pem(certificate), name: "\(label).pem")
            let stored = try TokenProvisioner(token: token, modulePath: SoftHSMTokens.modulePath, pinSource: pin)
                .importCertificate(path: path, label: nil, id: nil, replace: false)
            XCTAssertTrue(stored.hasSuffix(";object=\(label);type=cert"), stored)
            let backend = PKCS11Backend(PKCS11BackendConfiguration(certificate: stored, modulePath: SoftHSMTokens.modulePath, pinSource: pin))
            let identity = try await backend.loadIdentity()
            XCTAssertEqual(identity.certificate, certificate)
        }
    }

    func testGeneratedKeysCanOnlySign() throws {
        try Self.prepare()
        for (label, type) in [("unit-signonly-p256", CertificateKeyType.ecP256), ("unit-signonly-rsa", .rsa2048)] {
            defer { try? cleanUp([label]) }
            _ = try TokenProvisioner(token: token, modulePath: SoftHSMTokens.modulePath, pinSource: pin)
                .generateKeyPair(label: label, id: nil, keyType: type)
            let module = try PKCS11Module.load(path: SoftHSMTokens.modulePath)
            let slot = try XCTUnwrap(try module.slots().first { try $0.tokenInfo().label == token })
            let session = try slot.openSession(readWrite: false)
            try session.login(.user, pin: PIN(SoftHSMTokens.userPIN))
            let key = try XCTUnwrap(try session.findObjects([.label(label), .objectClass(.privateKey)]).first)
            XCTAssertEqual(try session.bool(.sign, of: key), true, label)
            for use in [AttributeType.decrypt, .unwrap, .derive, .extractable] {
                XCTAssertEqual(try session.bool(use, of: key), false, "\(label): \(use)")
            }
            XCTAssertEqual(try session.bool(.sensitive, of: key), true, label)
        }
    }

    func testGeneratorRefusesAnExistingLabelAndAnUnknownToken() throws {
        try Self.prepare()
        let generator = TokenProvisioner(token: token, modulePath: SoftHSMTokens.modulePath, pinSource: pin)
        XCTAssertThrowsError(try generator.generateKeyPair(label: "ecp256", id: nil, keyType: .ecP256)) { error in
            XCTAssertEqual((error as? RolesAnywhereError)?.code, .invalidArgument)
        }
        XCTAssertThrowsError(
            try TokenProvisioner(token: "no-such-token", modulePath: SoftHSMTokens.modulePath, pinSource: pin)
                .generateKeyPair(label: "x", id: nil, keyType: .ecP256)
        ) { error in
            XCTAssertEqual((error as? RolesAnywhereError)?.code, .tokenNotFound)
        }
    }

    /// The environment variable these tests put the right PIN in.
    private static let pinVariable = "RA_TOKEN_PROVISIONING_TEST_PIN"

    /// Builds the SoftHSM tokens (once) and puts the right PIN in ``pinVariable``.
    private static func prepare() throws {
        _ = try SoftHSMTokens.directory()
        setenv(pinVariable, SoftHSMTokens.userPIN, 1)
    }
}
