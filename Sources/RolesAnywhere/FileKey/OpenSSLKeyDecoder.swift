import COpenSSL

/// Reads the key formats swift-crypto cannot: encrypted PKCS#8 and PKCS#12, through libcrypto.
///
/// This is hand-bound to the system's OpenSSL because swift-crypto and swift-certificates
/// read plain keys (PKCS#8, SEC1, PKCS#1) and X.509 certificates but have no PBES2 / scrypt
/// (encrypted PKCS#8) and no PKCS#12 support. Both decoders return plain DER, so everything
/// after them (key parsing, signing, certificate checks) stays in swift-crypto.
///
/// Every call:
/// - leaves the calling thread's OpenSSL error queue empty, success or failure;
/// - frees every libcrypto object it creates, and wipes its copy of the password; the
///   decrypted key structures are cleansed by libcrypto when freed (`PKCS8_PRIV_KEY_INFO`,
///   `EVP_PKEY`). Only the returned PKCS#8 DER remains, and it belongs to the caller.
///
/// On first use the decoder loads OpenSSL 3's `legacy` provider (RC2 and 3DES, used by
/// `openssl pkcs12 -legacy` and by older exporters) into the default library context,
/// keeping the `default` provider available.
package enum OpenSSLKeyDecoder {
    /// Decrypts an `ENCRYPTED PRIVATE KEY` (PEM text or DER bytes) and returns the plain PKCS#8 `PrivateKeyInfo` DER.
    ///
    /// PEM input may contain other blocks; the first `ENCRYPTED PRIVATE KEY` block is used.
    /// The result is re-encoded by libcrypto from the decrypted key, in the form
    /// `openssl pkcs8 -topk8 -nocrypt` writes.
    static func decryptPKCS8(_ encoded: [UInt8], password: [UInt8]) throws(KeyDecodingError) -> [UInt8] {
        prepareLibCrypto()
        defer { ERR_clear_error() }
        let encrypted = try readEncryptedPKCS8(encoded)
        defer { X509_SIG_free(encrypted) }
        let secret = PasswordBuffer(password)
        let decrypted = secret.withCString { PKCS8_decrypt(encrypted, $0, $1) }
        guard let decrypted else {
            throw pkcs8DecryptionFailure(OpenSSLErrorQueue.drain())
        }
        defer { PKCS8_PRIV_KEY_INFO_free(decrypted) }
        guard let key = EVP_PKCS82PKEY(decrypted) else {
            throw KeyDecodingError(
                .malformed,
                "the encrypted PKCS#8 key decrypts to something that is not a private key - export the key again",
                detail: OpenSSLErrorQueue.drain().detail(failedFunction: "EVP_PKCS82PKEY")
            )
        }
        defer { EVP_PKEY_free(key) }
        return try privateKeyInfoDER(key)
    }

    /// Opens a PKCS#12 bundle (DER): the key as plain PKCS#8 DER, the certificate matching the key (leaf) as DER, and the other certificates as DER in bundle order.
    ///
    /// An empty password is tried both as "no password" (NULL) and as the empty string, as
    /// `openssl pkcs12` does; exporters disagree on which one an empty password means.
    /// Bundles without an integrity MAC (`-nomac`) are read too.
    package static func openPKCS12(_ der: [UInt8], password: [UInt8]) throws(KeyDecodingError) -> PKCS12Contents {
        prepareLibCrypto()
        defer { ERR_clear_error() }
        let bundle = try readPKCS12(der)
        defer { PKCS12_free(bundle) }
        let secret = PasswordBuffer(password)
        let bags = try collectSafeBags(bundle, secret)
        return try contents(of: bags)
    }
}

// MARK: - Shared plumbing

extension OpenSSLKeyDecoder {
    /// The fix to suggest when a password is wrong.
    static let passwordHint: RolesAnywhereError.Wording = "check \(setting: .pkcs8Password) or the variable named by \(setting: .passwordEnv)"

    /// The fix to suggest when a PKCS#12 bundle uses algorithms this libcrypto cannot run.
    static let reexportHint = "re-export it with `openssl pkcs12 -export -keypbe AES-256-CBC -certpbe AES-256-CBC`"

    /// Whether OpenSSL 3's legacy provider is loaded; tried once per process.
    ///
    /// `OSSL_PROVIDER_try_load` with `retain_fallbacks` keeps the `default` provider
    /// available, which a plain `OSSL_PROVIDER_load` of `legacy` would switch off.
    static let legacyProviderLoaded: Bool = {
        let provider = OSSL_PROVIDER_try_load(nil, "legacy", 1)
        ERR_clear_error()
        return provider != nil
    }()

    /// Loads the providers once and starts from an empty error queue, so classification
    /// sees only this call's errors.
    private static func prepareLibCrypto() {
        OpenSSLLibrary.prepare()
        _ = legacyProviderLoaded
        ERR_clear_error()
    }

    /// Encodes a libcrypto object with its `i2d_*` function, in two passes so the bytes are
    /// written straight into Swift memory (no libcrypto buffer to wipe and free).
    static func encodeDER(
        _ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32
    ) -> [UInt8]? {
        let length = encode(nil)
        guard length > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let written = bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return encode(&cursor)
        }
        return written == length ? bytes : nil
    }

    /// The key as an unencrypted PKCS#8 `PrivateKeyInfo`, DER.
    static func privateKeyInfoDER(_ key: OpaquePointer) throws(KeyDecodingError) -> [UInt8] {
        let info = EVP_PKEY2PKCS8(key)
        defer { PKCS8_PRIV_KEY_INFO_free(info) }
        guard let info, let der = encodeDER({ i2d_PKCS8_PRIV_KEY_INFO(info, $0) }) else {
            throw KeyDecodingError(
                .unsupportedAlgorithm,
                "the key's algorithm cannot be written as PKCS#8 by this libcrypto - use an RSA or EC key",
                detail: OpenSSLErrorQueue.drain().detail(failedFunction: "EVP_PKEY2PKCS8")
            )
        }
        return der
    }

    /// Runs `body` on the bytes as libcrypto's pointer and length, or returns `nil` when
    /// they are empty or too long for libcrypto's `int`/`long` lengths.
    static func withDERPointer<Result>(
        _ bytes: [UInt8],
        _ body: (UnsafePointer<UInt8>, Int32) -> Result?
    ) -> Result? {
        guard !bytes.isEmpty, let length = Int32(exactly: bytes.count) else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { body($0, length) }
        }
    }
}

// MARK: - Classifying libcrypto's errors

extension OpenSSLErrorQueue {
    /// Whether libcrypto said an algorithm is unknown to it or not offered by a loaded provider.
    var reportsUnsupportedAlgorithm: Bool {
        contains(anyOf: [
            (ERR_LIB_EVP, Int32(ERR_R_UNSUPPORTED)),
            (ERR_LIB_EVP, EVP_R_UNSUPPORTED_ALGORITHM),
            (ERR_LIB_EVP, EVP_R_UNSUPPORTED_CIPHER),
            (ERR_LIB_EVP, EVP_R_UNKNOWN_CIPHER),
            (ERR_LIB_EVP, EVP_R_UNKNOWN_DIGEST),
            (ERR_LIB_EVP, EVP_R_UNKNOWN_PBE_ALGORITHM),
            (ERR_LIB_EVP, EVP_R_UNSUPPORTED_PRF),
            (ERR_LIB_EVP, EVP_R_UNSUPPORTED_KEY_DERIVATION_FUNCTION),
            (ERR_LIB_EVP, EVP_R_UNSUPPORTED_KEYLENGTH),
            (ERR_LIB_EVP, EVP_R_UNSUPPORTED_PRIVATE_KEY_ALGORITHM),
            (ERR_LIB_PKCS12, PKCS12_R_UNKNOWN_DIGEST_ALGORITHM),
            (ERR_LIB_PKCS12, PKCS12_R_UNSUPPORTED_PKCS12_MODE),
        ])
    }

    /// Whether a decryption failed: bad padding, or plaintext that is not the expected
    /// structure. Once the outer structure has parsed, this is the mark of a wrong password.
    var reportsFailedDecryption: Bool {
        contains(anyOf: [
            (ERR_LIB_EVP, EVP_R_BAD_DECRYPT),
            (ERR_LIB_PKCS12, PKCS12_R_PKCS12_CIPHERFINAL_ERROR),
            (ERR_LIB_PKCS12, PKCS12_R_DECODE_ERROR),
        ])
    }
}
