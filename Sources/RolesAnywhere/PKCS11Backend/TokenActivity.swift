/// What a ``PKCS11Backend`` has asked of its token so far: the operations that cost a token
/// round trip or a PIN try. Tests read it to check "one `C_Sign` and at most one `C_Login`
/// per credential fetch".
struct TokenActivity: Sendable, Equatable {
    /// `C_Login(CKU_USER)` attempts, successful or not.
    var userLogins = 0
    /// `C_Login(CKU_CONTEXT_SPECIFIC)` attempts (keys with `CKA_ALWAYS_AUTHENTICATE`).
    var contextLogins = 0
    /// Signing operations (`C_SignInit` + one `C_Sign`).
    var signatures = 0
}
