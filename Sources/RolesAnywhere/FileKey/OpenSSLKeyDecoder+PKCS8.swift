import COpenSSL

extension OpenSSLKeyDecoder {
    /// Parses the `EncryptedPrivateKeyInfo` (libcrypto's `X509_SIG`) from PEM or DER.
    static func readEncryptedPKCS8(_ encoded: [UInt8]) throws(KeyDecodingError) -> OpaquePointer {
        let isPEM = encoded.firstRange(of: Array("-----BEGIN ".utf8)) != nil
        let function = isPEM ? "PEM_read_bio_PKCS8" : "d2i_X509_SIG"
        let parsed = isPEM ? readEncryptedPKCS8PEM(encoded) : readEncryptedPKCS8DER(encoded)
        guard let parsed else {
            throw KeyDecodingError(
                .malformed,
                "this is not a readable encrypted PKCS#8 key (no valid ENCRYPTED PRIVATE KEY) - check the file with `openssl asn1parse -in FILE`",
                detail: OpenSSLErrorQueue.drain().detail(failedFunction: function)
            )
        }
        return parsed
    }

    /// Reads the first `ENCRYPTED PRIVATE KEY` block of PEM text.
    private static func readEncryptedPKCS8PEM(_ pem: [UInt8]) -> OpaquePointer? {
        withDERPointer(pem) { base, length in
            guard let bio = BIO_new_mem_buf(base, length) else { return nil }
            defer { BIO_free(bio) }
            // A refusing callback: PEM-level encryption headers must never make
            // libcrypto prompt on the terminal for a password.
            return PEM_read_bio_PKCS8(bio, nil, { _, _, _, _ in -1 }, nil)
        }
    }

    /// Reads DER that must be exactly one `EncryptedPrivateKeyInfo`, with no trailing bytes.
    private static func readEncryptedPKCS8DER(_ der: [UInt8]) -> OpaquePointer? {
        withDERPointer(der) { base, length in
            var cursor: UnsafePointer<UInt8>? = base
            guard let parsed = d2i_X509_SIG(nil, &cursor, Int(length)) else { return nil }
            guard cursor == base + Int(length) else {
                X509_SIG_free(parsed)
                return nil
            }
            return parsed
        }
    }

    /// Explains why `PKCS8_decrypt` failed on a structure that parsed.
    static func pkcs8DecryptionFailure(_ errors: OpenSSLErrorQueue) -> KeyDecodingError {
        let detail = errors.detail(failedFunction: "PKCS8_decrypt")
        if errors.reportsUnsupportedAlgorithm {
            return KeyDecodingError(
                .unsupportedAlgorithm,
                "the encrypted PKCS#8 key uses an encryption algorithm this system's libcrypto cannot run - re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc`",
                detail: detail
            )
        }
        if errors.reportsFailedDecryption {
            return KeyDecodingError(
                .wrongPassword,
                "the password does not decrypt this encrypted PKCS#8 key - \(passwordHint)",
                detail: detail
            )
        }
        return KeyDecodingError(
            .malformed,
            "the encrypted PKCS#8 key has invalid encryption parameters - export the key again",
            detail: detail
        )
    }
}
