import COpenSSL

/// The private key and certificates found by walking a PKCS#12 bundle's safe contents.
///
/// This does what OpenSSL's `PKCS12_parse` does, with two differences that matter here:
/// it decrypts with exactly the password form the caller chose (NULL or "" for an empty
/// password), and it works on bundles without an integrity MAC, which OpenSSL 3.0's
/// `PKCS12_parse` refuses whenever the password is not empty. Like `PKCS12_parse`, the
/// first private key wins and certificates keep their bundle order.
///
/// The instance owns the libcrypto objects it holds and frees them when it goes away.
final class PKCS12SafeBags {
    /// The first private key found (`EVP_PKEY`), if any.
    private(set) var privateKey: OpaquePointer?
    /// Every X.509 certificate found (`X509`), in bundle order.
    private(set) var certificates: [OpaquePointer] = []

    /// Collects the key and certificates of `bundle`, decrypting with `password` (`nil`
    /// means no password); `nil` when that fails, and OpenSSL's error queue says why.
    static func collect(
        from bundle: OpaquePointer,
        password: UnsafePointer<CChar>?,
        length: Int32
    ) -> PKCS12SafeBags? {
        let found = PKCS12SafeBags()
        return found.collect(bundle, password: password, length: length) ? found : nil
    }

    private init() {}

    deinit {
        EVP_PKEY_free(privateKey)
        certificates.forEach { X509_free($0) }
    }

    /// Collects every `ContentInfo` of the bundle's authenticated safe.
    private func collect(_ bundle: OpaquePointer, password: UnsafePointer<CChar>?, length: Int32) -> Bool {
        guard let safes = PKCS12_unpack_authsafes(bundle) else { return false }
        defer { OPENSSL_sk_pop_free(safes) { PKCS7_free($0?.assumingMemoryBound(to: PKCS7.self)) } }
        for index in 0..<max(OPENSSL_sk_num(safes), 0) {
            guard let raw = OPENSSL_sk_value(safes, index) else { continue }
            let safe = raw.assumingMemoryBound(to: PKCS7.self)
            guard collect(safe, password: password, length: length) else { return false }
        }
        return true
    }


    /// Collects the bags of one `ContentInfo`: plain data, or encrypted data.
    private func collect(_ safe: UnsafeMutablePointer<PKCS7>, password: UnsafePointer<CChar>?, length: Int32) -> Bool {
        let bags: OpaquePointer?
        switch OBJ_obj2nid(safe.pointee.type) {
        case NID_pkcs7_data:
            bags = PKCS12_unpack_p7data(safe)
        case NID_pkcs7_encrypted:
            bags = PKCS12_unpack_p7encdata(safe, password, length)
        default:
            return true  // enveloped (public-key) safes are not supported, as in PKCS12_parse
        }
        guard let bags else { return false }
        defer { OPENSSL_sk_pop_free(bags) { PKCS12_SAFEBAG_free(OpaquePointer($0)) } }
        return collect(bags: bags, password: password, length: length)
    }

    /// Collects every bag of a `STACK_OF(PKCS12_SAFEBAG)`, descending into nested safe contents.
    private func collect(bags: OpaquePointer, password: UnsafePointer<CChar>?, length: Int32) -> Bool {
        for index in 0..<max(OPENSSL_sk_num(bags), 0) {
            guard let bag = OpaquePointer(OPENSSL_sk_value(bags, index)) else { continue }
            guard collect(bag: bag, password: password, length: length) else { return false }
        }
        return true
    }

    /// Collects one bag: a key (plain or shrouded), an X.509 certificate, or nested bags.
    private func collect(bag: OpaquePointer, password: UnsafePointer<CChar>?, length: Int32) -> Bool {
        switch PKCS12_SAFEBAG_get_nid(bag) {
        case NID_keyBag:
            return privateKey != nil || keep(key: PKCS12_SAFEBAG_get0_p8inf(bag))
        case NID_pkcs8ShroudedKeyBag:
            guard privateKey == nil else { return true }
            guard let decrypted = PKCS12_decrypt_skey(bag, password, length) else { return false }
            defer { PKCS8_PRIV_KEY_INFO_free(decrypted) }
            return keep(key: decrypted)
        case NID_certBag:
            guard PKCS12_SAFEBAG_get_bag_nid(bag) == NID_x509Certificate else { return true }
            guard let certificate = PKCS12_SAFEBAG_get1_cert(bag) else { return false }
            certificates.append(certificate)
            return true
        case NID_safeContentsBag:
            guard let nested = PKCS12_SAFEBAG_get0_safes(bag) else { return false }
            return collect(bags: nested, password: password, length: length)
        default:
            return true  // CRL and secret bags carry nothing needed here
        }
    }

    /// Turns a decrypted `PKCS8_PRIV_KEY_INFO` into the kept key.
    private func keep(key info: OpaquePointer?) -> Bool {
        guard let info, let key = EVP_PKCS82PKEY(info) else { return false }
        privateKey = key
        return true
    }

    /// Splits the certificates into the one whose public key matches the private key, and
    /// the others in bundle order.
    func leafAndOthers() -> (leaf: OpaquePointer?, others: [OpaquePointer]) {
        guard let privateKey else { return (nil, certificates) }
        let index = certificates.firstIndex { X509_check_private_key($0, privateKey) == 1 }
        ERR_clear_error()  // a mismatch leaves "key values mismatch" on the queue
        guard let index else { return (nil, certificates) }
        var others = certificates
        let leaf = others.remove(at: index)
        return (leaf, others)
    }
}
