import Crypto
import Foundation
import PKCS11
import RolesAnywhereTestSupport
import X509
import XCTest
import _CryptoExtras

@testable import RolesAnywhere
@testable import RolesAnywhereTools

/// The SoftHSM tokens of `scripts/softhsm-setup.sh` (built once per test process by
/// `SoftHSMTokens`) and helpers for the PKCS#11 backend tests.
enum TestTokens {
    /// The environment variable the tests put the right PIN in.
    static let pinVariable = "RA_PKCS11_BACKEND_TEST_PIN"
    /// The key labels with an ordinary key and a certificate, with their CKA_IDs.
    static let keys: [(label: String, id: String)] = [("rsa2048", "01"), ("rsa3072", "02"), ("ecp256", "03"), ("ecp384", "04")]
    /// The message the tests sign.
    static let message = Array("AWS4-X509-ECDSA-SHA256\n20250101T000000Z\n20250101/us-east-1/rolesanywhere/aws4_request\nabc".utf8)

    /// Builds the tokens (once) and puts the right PIN in ``pinVariable``.
    static func prepare() throws {
        _ = try SoftHSMTokens.directory()
        setenv(pinVariable, SoftHSMTokens.userPIN, 1)
    }

    /// A backend on SoftHSM (loaded directly) that reads the PIN from ``pinVariable`` unless told otherwise.
    static func backend(
        certificate: String, privateKey: String? = nil, pinSource: PINSource? = .environment(pinVariable),
        reusePIN: Bool = false, contextPINSource: PINSource = .prompt, modulePath: String? = SoftHSMTokens.modulePath,
        hiddenMechanisms: Set<MechanismType> = [], warn: @escaping @Sendable (String) -> Void = { _ in },
        clock: @escaping @Sendable () -> Date = Date.init
    ) throws -> PKCS11Backend {
        try prepare()
        var configuration = PKCS11BackendConfiguration(
            certificate: certificate, privateKey: privateKey, modulePath: modulePath, pinSource: pinSource,
            reusePIN: reusePIN, contextPINSource: contextPINSource, warn: { warn($0.commandLineText) })
        configuration.hiddenMechanisms = hiddenMechanisms
        return PKCS11Backend(configuration, clock: clock)
    }

    /// `pkcs11:token=<token>;object=<label>;type=<type>`.
    static func uri(_ label: String, _ type: String, token: String? = "ra-test") -> String {
        (token.map { "pkcs11:token=\($0);" } ?? "pkcs11:") + "object=\(label);type=\(type)"
    }

    /// The PEM certificate file the setup script wrote for `label`.
    static func certificateFile(_ label: String) throws -> String {
        try SoftHSMTokens.certificatePath(label)
    }

    /// The certificate in `certs/<label>.pem`.
    static func certificate(_ label: String) throws -> Certificate {
        try Certificate(pemEncoded: String(contentsOfFile: certificateFile(label), encoding: .utf8))
    }

    /// Whether `signature` (SigV4-X509 wire form) verifies over `message` with the certificate's key.
    static func verifies(_ signature: [UInt8], of message: [UInt8], by certificate: Certificate, digest: SignatureDigest = .sha256) -> Bool {
        switch digest {
        case .sha256: verifies(signature, SHA256.hash(data: message), certificate.publicKey)
        case .sha384: verifies(signature, SHA384.hash(data: message), certificate.publicKey)
        case .sha512: verifies(signature, SHA512.hash(data: message), certificate.publicKey)
        }
    }

    private static func verifies<D: Digest>(_ signature: [UInt8], _ digest: D, _ key: Certificate.PublicKey) -> Bool {
        if let rsa = _RSA.Signing.PublicKey(key) {
            return rsa.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: digest, padding: .insecurePKCS1v1_5)
        }
        if let p256 = P256.Signing.PublicKey(key), let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature) {
            return p256.isValidSignature(parsed, for: digest)
        }
        if let p384 = P384.Signing.PublicKey(key), let parsed = try? P384.Signing.ECDSASignature(derRepresentation: signature) {
            return p384.isValidSignature(parsed, for: digest)
        }
        return false
    }

    /// The flags of the token labelled `label`, read afresh.
    static func tokenFlags(_ label: String = "ra-test") throws -> TokenFlags {
        let module = try PKCS11Module.load(path: SoftHSMTokens.modulePath)
        for slot in try module.slots() where try slot.tokenInfo().label == label {
            return try slot.tokenInfo().flags
        }
        throw SoftHSMTokens.SetupError(message: "no token \(label)")
    }

    /// Whether this application is logged in to `label` (some session of it still open).
    static func isLoggedIn(_ label: String = "ra-test") throws -> Bool {
        let module = try PKCS11Module.load(path: SoftHSMTokens.modulePath)
        for slot in try module.slots() where try slot.tokenInfo().label == label {
            return try slot.openSession().state().isUserLoggedIn
        }
        return false
    }

    /// A new file holding `content` in the token folder (removed with it).
    static func temporaryFile(_ content: String) throws -> String {
        let folder = try SoftHSMTokens.directory().appendingPathComponent("pins")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(UUID().uuidString).path
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// Runs `body` and returns the ``RolesAnywhereError`` it throws, failing when it throws
/// nothing, something else, or an error with another code.
func expectError<T>(
    _ code: RolesAnywhereError.Code, file: StaticString = #filePath, line: UInt = #line, _ body: () async throws -> T
) async -> RolesAnywhereError? {
    do {
        _ = try await body()
        XCTFail("expected a \(code) error, got success", file: file, line: line)
    } catch let error as RolesAnywhereError {
        XCTAssertEqual(error.code, code, "\(error.message)", file: file, line: line)
        XCTAssertFalse(error.message.contains(SoftHSMTokens.userPIN), "a PIN leaked into: \(error.message)", file: file, line: line)
        return error
    } catch {
        XCTFail("expected a RolesAnywhereError \(code), got \(error)", file: file, line: line)
    }
    return nil
}
