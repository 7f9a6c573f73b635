import Crypto
import Foundation
import PKCS11
import RolesAnywhereTestSupport
import X509
import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class PKCS11BackendSigningTests: XCTestCase {
    private let message = TestTokens.message

    func testEveryKeyTypeSignsWithTheCertificateOnTheTokenAndTheKeyFoundByItsID() async throws {
        for (label, _) in TestTokens.keys {
            let backend = try TestTokens.backend(certificate: TestTokens.uri(label, "cert"))
            let identity = try await backend.loadIdentity()
            let expected = try TestTokens.certificate(label)
            XCTAssertEqual(identity.certificate, expected, label)
            XCTAssertEqual(identity.keyAlgorithm, try IdentityCheck.keyAlgorithm(of: expected), label)
            let signature = try await identity.sign(message)
            XCTAssertTrue(TestTokens.verifies(signature, of: message, by: expected), label)
            let activity = await backend.activity
            XCTAssertEqual(activity, TokenActivity(userLogins: 1, contextLogins: 0, signatures: 1), label)
        }
    }

    func testEveryKeyTypeSignsWithACertificateFileAndTheKeyByLabel() async throws {
        for (label, _) in TestTokens.keys {
            let backend = try TestTokens.backend(
                certificate: TestTokens.certificateFile(label), privateKey: TestTokens.uri(label, "private"))
            let identity = try await backend.loadIdentity()
            let signature = try await identity.sign(message)
            XCTAssertTrue(TestTokens.verifies(signature, of: message, by: try TestTokens.certificate(label)), label)
        }
    }

    func testEveryKeyTypeSignsWithCertificateAndKeyNamedByID() async throws {
        for (label, id) in TestTokens.keys {
            let backend = try TestTokens.backend(
                certificate: "pkcs11:token=ra-test;id=%\(id);type=cert", privateKey: "pkcs11:token=ra-test;id=%\(id);type=private")
            let signature = try await backend.loadIdentity().sign(message)
            XCTAssertTrue(TestTokens.verifies(signature, of: message, by: try TestTokens.certificate(label)), label)
        }
    }

    func testAURIWithoutTypeNamesTheCertificateAndTheKey() async throws {
        let uri = "pkcs11:token=ra-test;object=ecp384"
        let backend = try TestTokens.backend(certificate: uri, privateKey: uri)
        let signature = try await backend.loadIdentity().sign(message)
        XCTAssertTrue(TestTokens.verifies(signature, of: message, by: try TestTokens.certificate("ecp384")))
    }

    func testALongLivedBackendLogsInOnceAndSignsOncePerFetch() async throws {
        let backend = try TestTokens.backend(certificate: TestTokens.uri("ecp256", "cert"))
        for _ in 0..<3 {
            let identity = try await backend.loadIdentity()
            _ = try await identity.sign(message)
        }
        let activity = await backend.activity
        XCTAssertEqual(activity, TokenActivity(userLogins: 1, contextLogins: 0, signatures: 3))
    }

    func testOtherDigestsVerifyForRSAAndEC() async throws {
        for label in ["rsa2048", "ecp384"] {
            let identity = try await TestTokens.backend(certificate: TestTokens.uri(label, "cert")).loadIdentity()
            for digest in [SignatureDigest.sha384, .sha512] {
                let signature = try await identity.sign(message, digest: digest)
                let certificate = try TestTokens.certificate(label)
                XCTAssertTrue(TestTokens.verifies(signature, of: message, by: certificate, digest: digest), "\(label) \(digest)")
            }
        }
    }

    func testRSAPKCSOverDigestInfoGivesTheSameSignatureAsTheHashingMechanism() async throws {
        for label in ["rsa2048", "rsa3072"] {
            let hashing = try await TestTokens.backend(certificate: TestTokens.uri(label, "cert")).loadIdentity()
            let raw = try await TestTokens.backend(
                certificate: TestTokens.uri(label, "cert"),
                hiddenMechanisms: [.sha256RSAPKCS, .sha384RSAPKCS, .sha512RSAPKCS]
            ).loadIdentity()
            for digest in SignatureDigest.allCases {
                let expected = try await hashing.sign(message, digest: digest)
                let fallback = try await raw.sign(message, digest: digest)
                XCTAssertEqual(fallback, expected, "\(label) \(digest): PKCS#1 v1.5 is deterministic")
            }
        }
    }

    func testTheFallbackUsesCKMRSAPKCSOverTheRFC8017DigestInfo() {
        let scheme = TokenSignatureScheme(algorithm: .rsa(bits: 2048), digest: .sha256, message: message, mechanisms: [.rsaPKCS])
        XCTAssertEqual(scheme.mechanism, .rsaPKCS)
        XCTAssertEqual(scheme.input, DigestInfoPrefix.sha256 + Array(SHA256.hash(data: message)))
        XCTAssertEqual(scheme.signatureLength, 256)
        let hashing = TokenSignatureScheme(algorithm: .rsa(bits: 3072), digest: .sha384, message: message, mechanisms: [.sha384RSAPKCS])
        XCTAssertEqual(hashing.mechanism, .sha384RSAPKCS)
        XCTAssertEqual(hashing.input, message)
        XCTAssertEqual(DigestInfoPrefix.sha384.count, 19)
        XCTAssertEqual(DigestInfoPrefix.sha512.last, 0x40)
        let ec = TokenSignatureScheme(algorithm: .ecdsaP384, digest: .sha256, message: message, mechanisms: [])
        XCTAssertEqual(ec.mechanism, .ecdsa)
        XCTAssertEqual(ec.input, Array(SHA256.hash(data: message)))
        XCTAssertEqual(ec.signatureLength, 96)
    }

    func testAlwaysAuthenticateKeysReuseTheUserPIN() async throws {
        for label in ["rsa-always", "ec-always"] {
            let backend = try TestTokens.backend(certificate: TestTokens.uri(label, "cert"), reusePIN: true)
            for _ in 0..<2 {
                let signature = try await backend.loadIdentity().sign(message)
                XCTAssertTrue(TestTokens.verifies(signature, of: message, by: try TestTokens.certificate(label)), label)
            }
            let activity = await backend.activity
            XCTAssertEqual(activity, TokenActivity(userLogins: 1, contextLogins: 2, signatures: 2), label)
        }
    }

    func testAlwaysAuthenticateKeysTakeTheContextPINFromItsOwnSource() async throws {
        let pinFile = try TestTokens.temporaryFile("1234\n")
        let backend = try TestTokens.backend(certificate: TestTokens.uri("ec-always", "cert"), contextPINSource: .file(pinFile))
        let signature = try await backend.loadIdentity().sign(message)
        XCTAssertTrue(TestTokens.verifies(signature, of: message, by: try TestTokens.certificate("ec-always")))
        let activity = await backend.activity
        XCTAssertEqual(activity, TokenActivity(userLogins: 1, contextLogins: 1, signatures: 1))
    }

    func testAWrongContextPINFailsClearlyAndIsNotTriedAgain() async throws {
        let pinFile = try TestTokens.temporaryFile("9999")
        let backend = try TestTokens.backend(certificate: TestTokens.uri("rsa-always", "cert"), contextPINSource: .file(pinFile))
        let identity = try await backend.loadIdentity()
        let error = await expectError(.pinFailure) { try await identity.sign(message) }
        XCTAssertEqual(error?.message.hasPrefix("the PIN for key 'rsa-always' on token 'ra-test' is wrong (C_Login: CKR_PIN_INCORRECT)"), true, "\(String(describing: error))")
        XCTAssertEqual(error?.message.contains("9999"), false)
        let again = await expectError(.pinFailure) { try await identity.sign(message) }
        XCTAssertEqual(again?.message, error?.message)
        let activity = await backend.activity
        XCTAssertEqual(activity.contextLogins, 1, "a refused non-interactive PIN is never tried again")
    }

    func testTheCertificateValidityWindowIsChecked() async throws {
        let late = try TestTokens.backend(certificate: TestTokens.uri("ecp256", "cert"), clock: { Date(timeIntervalSinceNow: 20 * 365 * 86_400) })
        let expired = await expectError(.certificateExpired) { try await late.loadIdentity() }
        XCTAssertEqual(expired?.message.contains("CN=ecp256"), true)
        let early = try TestTokens.backend(certificate: TestTokens.uri("ecp256", "cert"), clock: { Date(timeIntervalSince1970: 0) })
        _ = await expectError(.certificateNotYetValid) { try await early.loadIdentity() }
    }

    func testCertificatesAreReadWithoutALogin() async throws {
        let backend = try TestTokens.backend(certificate: TestTokens.uri("rsa3072", "cert"), pinSource: nil)
        let (certificate, intermediates) = try await backend.loadCertificates()
        XCTAssertEqual(certificate, try TestTokens.certificate("rsa3072"))
        XCTAssertTrue(intermediates.isEmpty)
        let activity = await backend.activity
        XCTAssertEqual(activity.userLogins, 0)
    }

    func testTheIdentitySignsACreateSessionRequestThatVerifies() async throws {
        let identity = try await TestTokens.backend(certificate: TestTokens.uri("ecp256", "cert")).loadIdentity()
        let request = try CreateSessionRequest(
            trustAnchorARN: "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/0c8dbe85-bd37-4d2f-87f8-3b1bd5c2b1a0",
            profileARN: "arn:aws:rolesanywhere:us-east-1:123456789012:profile/6e1c2d3f-1111-4a2b-9c3d-4e5f60718293",
            roleARN: "arn:aws:iam::123456789012:role/roles-anywhere-test", region: nil, durationSeconds: 3600, roleSessionName: nil,
            endpoint: nil)
        let signed = try await SigV4X509Signer().sign(request, identity: identity, date: Date())
        let authorization = try XCTUnwrap(signed.headers.first { $0.name == "Authorization" }?.value)
        XCTAssertTrue(authorization.hasPrefix("AWS4-X509-ECDSA-SHA256 Credential="), authorization)
    }
}
