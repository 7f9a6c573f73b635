import Foundation
import X509

@testable import RolesAnywhereTestSupport

/// Validates `leaf` against `root` now with swift-certificates' RFC 5280 policy.
func validates(_ leaf: Certificate, root: Certificate, intermediates: [Certificate] = []) async -> Bool {
    var verifier = Verifier(rootCertificates: CertificateStore([root])) {
        RFC5280Policy()
    }
    let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(intermediates))
    switch result {
    case .validCertificate: return true
    case .couldNotValidate: return false
    }
}

/// Runs openssl in `files`' folder, for checks only the real tool can make.
func openssl(
    _ arguments: [String],
    environment: [String: String] = [:],
    in files: TestFiles
) throws -> OpenSSLCommand.Output {
    try OpenSSLCommand.run(arguments, environment: environment, workingDirectory: files)
}

/// Upper-case hex of a serial, as `openssl ... -text` prints it.
func hex(_ serial: Certificate.SerialNumber) -> String {
    serial.bytes.map { String(format: "%02X", $0) }.joined()
}

/// The key types Roles Anywhere accepts.
let acceptedKeyTypes: [TestKeyType] = [.rsa2048, .rsa3072, .rsa4096, .p256, .p384]
