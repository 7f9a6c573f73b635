import COpenSSL

extension OpenSSLKeyDecoder {
    /// Parses a PKCS#12 `PFX` from DER.
    static func readPKCS12(_ der: [UInt8]) throws(KeyDecodingError) -> OpaquePointer {
        let parsed: OpaquePointer? = withDERPointer(der) { base, length in
            var cursor: UnsafePointer<UInt8>? = base
            return d2i_PKCS12(nil, &cursor, Int(length))
        }
        guard let parsed else {
            throw KeyDecodingError(
                .malformed,
                "this is not a readable PKCS#12 bundle - check the file with `openssl pkcs12 -info -nokeys -in FILE`",
                detail: OpenSSLErrorQueue.drain().detail(failedFunction: "d2i_PKCS12")
            )
        }
        return parsed
    }

    /// Decrypts the bundle's key and certificates with the password form that works.
    ///
    /// With a MAC, the form is the one the MAC accepts. Without one, an empty password
    /// is tried as NULL and then as "", and a non-empty one as given.
    static func collectSafeBags(
        _ bundle: OpaquePointer,
        _ secret: borrowing PasswordBuffer
    ) throws(KeyDecodingError) -> PKCS12SafeBags {
        let hasMAC = PKCS12_mac_present(bundle) == 1
        let forms = hasMAC ? [try macAcceptedForm(bundle, secret)] : (secret.isEmpty ? [true, false] : [false])
        var errors = OpenSSLErrorQueue(entries: [])
        for asNULL in forms {
            let bags = secret.withCString { password, length in
                PKCS12SafeBags.collect(from: bundle, password: asNULL ? nil : password, length: length)
            }
            if let bags { return bags }
            errors = OpenSSLErrorQueue.drain()
            guard errors.reportsFailedDecryption else { break }
        }
        throw safeBagsFailure(errors, macVerified: hasMAC)
    }

    /// Checks the password against the bundle's integrity MAC and returns whether it
    /// must be passed as NULL (`true`) or as given (`false`).
    ///
    /// A MAC that does not match is the reliable sign of a wrong password. An empty
    /// password is tried as NULL and as "", like `PKCS12_parse` does.
    private static func macAcceptedForm(
        _ bundle: OpaquePointer,
        _ secret: borrowing PasswordBuffer
    ) throws(KeyDecodingError) -> Bool {
        for asNULL in secret.isEmpty ? [true, false] : [false] {
            let verified = secret.withCString { PKCS12_verify_mac(bundle, asNULL ? nil : $0, $1) }
            if verified == 1 { return asNULL }
            let errors = OpenSSLErrorQueue.drain()
            guard errors.isEmpty else { throw macFailure(errors) }
        }
        throw KeyDecodingError(.wrongPassword, "the password does not open this PKCS#12 bundle - \(passwordHint)")
    }

    /// Explains why the MAC could not even be computed (a mismatch queues no error).
    private static func macFailure(_ errors: OpenSSLErrorQueue) -> KeyDecodingError {
        let detail = errors.detail(failedFunction: "PKCS12_verify_mac")
        if errors.reportsUnsupportedAlgorithm {
            return KeyDecodingError(
                .unsupportedAlgorithm,
                "this PKCS#12 bundle's integrity MAC uses an algorithm this system's libcrypto cannot run - \(reexportHint)",
                detail: detail
            )
        }
        return KeyDecodingError(
            .malformed,
            "this PKCS#12 bundle's integrity MAC is malformed - export the bundle again",
            detail: detail
        )
    }

    /// Explains why the bundle's contents could not be decrypted or decoded.
    private static func safeBagsFailure(_ errors: OpenSSLErrorQueue, macVerified: Bool) -> KeyDecodingError {
        let detail = errors.detail(failedFunction: "PKCS12_unpack_authsafes/p7data/p7encdata or PKCS12_decrypt_skey")
        if errors.reportsUnsupportedAlgorithm {
            let reason = legacyProviderLoaded
                ? "uses an encryption algorithm this system's libcrypto cannot run"
                : "uses legacy encryption (RC2/3DES) and OpenSSL's legacy provider is not available"
            return KeyDecodingError(.unsupportedAlgorithm, "this PKCS#12 bundle \(reason) - \(reexportHint)", detail: detail)
        }
        if errors.reportsFailedDecryption {
            let message: RolesAnywhereError.Wording = macVerified
                ? "the password checks this PKCS#12 bundle's MAC but does not decrypt its contents (exported with -twopass?) - re-export it with one password"
                : "the password does not decrypt this PKCS#12 bundle - \(passwordHint)"
            return KeyDecodingError(.wrongPassword, message, detail: detail)
        }
        return KeyDecodingError(
            .malformed,
            "this PKCS#12 bundle's contents are malformed - export the bundle again",
            detail: detail
        )
    }

    /// Re-encodes what the bundle holds, or says what is missing.
    static func contents(of bags: PKCS12SafeBags) throws(KeyDecodingError) -> PKCS12Contents {
        guard let key = bags.privateKey else {
            throw KeyDecodingError(
                .noPrivateKey,
                "the PKCS#12 bundle holds no private key - export it with its key: `openssl pkcs12 -export -inkey KEY -in CERT`"
            )
        }
        let (leaf, others) = bags.leafAndOthers()
        guard let leaf else {
            throw KeyDecodingError(
                .noCertificate,
                "the PKCS#12 bundle holds no certificate matching its private key - export it with the key's certificate: `openssl pkcs12 -export -inkey KEY -in CERT`"
            )
        }
        var otherCertificates: [[UInt8]] = []
        for certificate in others {
            otherCertificates.append(try certificateDER(certificate))
        }
        return PKCS12Contents(
            privateKeyPKCS8: try privateKeyInfoDER(key),
            certificate: try certificateDER(leaf),
            otherCertificates: otherCertificates
        )
    }

    /// A certificate's DER.
    private static func certificateDER(_ certificate: OpaquePointer) throws(KeyDecodingError) -> [UInt8] {
        guard let der = encodeDER({ i2d_X509(certificate, $0) }) else {
            throw KeyDecodingError(
                .malformed,
                "a certificate in the PKCS#12 bundle cannot be re-encoded - export the bundle again",
                detail: OpenSSLErrorQueue.drain().detail(failedFunction: "i2d_X509")
            )
        }
        return der
    }
}
