internal import CPKCS11

extension Session {
    /// Signs `data` with `key` (`C_SignInit`, then `C_Sign` with the two-call length query).
    ///
    /// What `data` is depends on the mechanism: the message itself for
    /// `.sha256RSAPKCS` or `.ecdsaSHA256`, a DER `DigestInfo` for `.rsaPKCS`, a bare
    /// digest for `.ecdsa`. ECDSA results are raw `r || s` (twice the curve size).
    ///
    /// Keys with `CKA_ALWAYS_AUTHENTICATE` need `C_Login(CKU_CONTEXT_SPECIFIC)` between
    /// `C_SignInit` and `C_Sign`; `contextSpecificPIN` supplies that PIN and is called
    /// only for such keys, with the session locked (it must not use this session).
    ///
    /// When the caller knows the signature's size (the modulus length for RSA, twice the
    /// curve size for ECDSA), passing it as `signatureLength` skips the length query, so
    /// the signature costs exactly one `C_Sign` call; a too-small guess is corrected.
    ///
    /// - Throws: ``PKCS11LibraryError`` with code `.contextSpecificLoginRequired` when the
    ///   key needs a context-specific login and no `contextSpecificPIN` was given;
    ///   ``PKCS11Error`` naming the failed function otherwise.
    ///
    /// A caller that already read the key's `CKA_ALWAYS_AUTHENTICATE` passes it as
    /// `alwaysAuthenticate`, which spares an attribute read on every signature.
    public func sign(
        mechanism: Mechanism, key: ObjectHandle, data: [UInt8], signatureLength: Int? = nil,
        alwaysAuthenticate knownAlwaysAuthenticate: Bool? = nil,
        contextSpecificPIN: (() throws -> PIN)? = nil
    ) throws -> [UInt8] {
        // Read straight from the function list: this is the hot path of every signature.
        guard let signInit = module.functions.pointee.C_SignInit else {
            throw PKCS11Error(code: .functionNotSupported, function: "C_SignInit")
        }
        guard let sign = module.functions.pointee.C_Sign else {
            throw PKCS11Error(code: .functionNotSupported, function: "C_Sign")
        }
        return try withLock {
            let alwaysAuthenticate = try knownAlwaysAuthenticate ?? bool(.alwaysAuthenticate, of: key) ?? false
            if alwaysAuthenticate, contextSpecificPIN == nil {
                throw PKCS11LibraryError(
                    code: .contextSpecificLoginRequired,
                    message: "the key requires a PIN for every signature (CKA_ALWAYS_AUTHENTICATE)"
                        + " and no context-specific PIN was provided")
            }
            let initRV = mechanism.withCMechanism { signInit(handle, $0, key.rawValue) }
            try PKCS11Error.check(initRV, "C_SignInit")
            if alwaysAuthenticate, let contextSpecificPIN {
                do {
                    try login(.contextSpecific, pin: contextSpecificPIN())
                } catch {
                    abandonSignOperation(sign)
                    throw error
                }
            }
            return try finishSign(sign, data: data, expectedLength: signatureLength)
        }
    }

    /// `C_Sign` twice: once for the length (skipped when `expectedLength` is given), once
    /// for the signature.
    private func finishSign(_ sign: CK_C_Sign, data: [UInt8], expectedLength: Int?) throws -> [UInt8] {
        // Cryptoki's C_Sign takes a non-const input pointer but never writes through it, so the
        // caller's bytes are passed as they are, without a copy.
        try data.withUnsafeBufferPointer { input in
            let inputPointer = UnsafeMutablePointer(mutating: input.baseAddress)
            let inputCount = UInt(input.count)
            var length: UInt = 0
            if let expectedLength, expectedLength > 0 {
                length = UInt(expectedLength)
            } else {
                try PKCS11Error.check(sign(handle, inputPointer, inputCount, nil, &length), "C_Sign")
            }
            for _ in 0..<2 {
                let capacity = Int(max(length, 1))
                var rv: CK_RV = 0
                var needed: UInt = 0
                let signature = [UInt8](unsafeUninitializedCapacity: capacity) { output, count in
                    var produced = UInt(capacity)
                    rv = sign(handle, inputPointer, inputCount, output.baseAddress, &produced)
                    needed = produced
                    count = rv == PKCS11ReturnValue.ok.rawValue ? Int(min(produced, UInt(capacity))) : 0
                }
                if rv == PKCS11ReturnValue.bufferTooSmall.rawValue, needed > UInt(capacity) {
                    length = needed
                    continue
                }
                try PKCS11Error.check(rv, "C_Sign")
                return signature
            }
            throw PKCS11Error(code: .bufferTooSmall, function: "C_Sign")
        }
    }

    /// Ends a signing operation that was initialized but cannot go on: a `C_Sign`
    /// call that fails (here, for want of the context-specific login) terminates it.
    private func abandonSignOperation(_ sign: CK_C_Sign) {
        var scratch = [UInt8](repeating: 0, count: 16_384)
        var length = UInt(scratch.count)
        var empty: [UInt8] = [0]
        _ = empty.withUnsafeMutableBufferPointer { input in
            scratch.withUnsafeMutableBufferPointer { output in
                sign(handle, input.baseAddress, 1, output.baseAddress, &length)
            }
        }
    }
}
