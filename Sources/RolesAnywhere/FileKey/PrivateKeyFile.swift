import SwiftASN1

/// Reads the private key out of a key file's bytes, whatever the PEM form.
package struct PrivateKeyFile {
    let path: String
    let passwords: CachedPasswordSource

    package init(path: String, passwords: CachedPasswordSource) {
        self.path = path
        self.passwords = passwords
    }

    /// The key: from `PRIVATE KEY`, `RSA PRIVATE KEY`, `EC PRIVATE KEY` or `ENCRYPTED PRIVATE KEY` PEM, or DER PKCS#8.
    package func key(from bytes: [UInt8]) throws(RolesAnywhereError) -> FileSigningKey {
        let source = "'\(path)'"
        guard let text = PEMText(bytes) else {
            // Not PEM: try DER PKCS#8 / PKCS#1 / SEC1 before giving up.
            if let key = try? FileSigningKey(der: bytes, source: source) { return key }
            throw RolesAnywhereError(.invalidPrivateKey, "the private key file \(source) holds no PEM private key")
        }
        let documents = text.documents
        if let document = documents.first(where: { ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"].contains($0.discriminator) }) {
            var der = Array(document.derBytes)
            defer { der.wipe() }
            return try FileSigningKey(der: der, source: source)
        }
        if let document = documents.first(where: { $0.discriminator == "ENCRYPTED PRIVATE KEY" }) {
            return try decrypt(Array(document.derBytes))
        }
        if text.string.contains("-----BEGIN RSA PRIVATE KEY-----") && text.string.contains("DEK-Info:") {
            throw RolesAnywhereError(
                .invalidPrivateKey,
                "the key file \(source) uses legacy OpenSSL PEM encryption: convert it with 'openssl pkcs8 -topk8 -v2 aes-256-cbc'")
        }
        if documents.contains(where: { $0.discriminator == "CERTIFICATE" }) {
            throw RolesAnywhereError(
                .invalidPrivateKey,
                "the file \(source) holds a certificate, not a private key: pass the key file to \(setting: .privateKey)")
        }
        throw RolesAnywhereError(.invalidPrivateKey, "the file \(source) holds no PEM private key block")
    }

    private func decrypt(_ der: [UInt8]) throws(RolesAnywhereError) -> FileSigningKey {
        var password = try passwords.password(for: path)
        defer { password.wipe() }
        var plain: [UInt8]
        do {
            plain = try OpenSSLKeyDecoder.decryptPKCS8(der, password: password)
        } catch {
            passwords.cache.forget()
            throw Self.translate(error, path: path, format: "encrypted PKCS#8 key")
        }
        defer { plain.wipe() }
        passwords.remember(password)
        return try FileSigningKey(der: plain, source: "'\(path)'")
    }

    /// Maps an OpenSSL decoding failure to a one-line core error.
    static func translate(_ error: KeyDecodingError, path: String, format: String) -> RolesAnywhereError {
        if error.code == .wrongPassword {
            return RolesAnywhereError(
                .wrongPassword,
                "the password does not open the \(format) '\(path)': check \(setting: .pkcs8Password) or the variable named by \(setting: .passwordEnv)")
        }
        return RolesAnywhereError(.invalidPrivateKey, "cannot read the \(format) '\(path)': \(error.message)")
    }
}
