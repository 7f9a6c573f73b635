extension RolesAnywhereError.Code {
    /// The PKCS#11 module cannot be found or is not a PKCS#11 module.
    public static let pkcs11ModuleUnavailable = Self("pkcs11ModuleUnavailable", kind: .token)
    /// A `pkcs11:` URI does not parse or names attributes the library does not know.
    public static let invalidPKCS11URI = Self("invalidPKCS11URI", kind: .token)
    /// No token present matches a `pkcs11:` URI.
    public static let tokenNotFound = Self("tokenNotFound", kind: .token)
    /// No object on the matching tokens matches a `pkcs11:` URI.
    public static let tokenObjectNotFound = Self("tokenObjectNotFound", kind: .token)
    /// Several objects match a `pkcs11:` URI where one is needed; the message lists them as URIs.
    public static let ambiguousTokenObject = Self("ambiguousTokenObject", kind: .token)
}
