import COpenSSL

/// OpenSSL's one-time set-up for this process.
enum OpenSSLLibrary {
    /// Initialises OpenSSL (and reads the system's openssl.cnf) without an exit-time clean-up:
    /// OpenSSL's `atexit` handler frees its tables while a connection opened ahead (on another
    /// thread) may still be using them, and a process that exits has nothing to free.
    /// Every path into OpenSSL goes through this first.
    static let initialized: Bool = OPENSSL_init_ssl(UInt64(OPENSSL_INIT_NO_ATEXIT | OPENSSL_INIT_LOAD_CONFIG), nil) == 1

    /// Makes sure ``initialized`` ran.
    @inline(__always)
    static func prepare() { _ = initialized }
}
