import COpenSSL

/// A NUL-terminated copy of a password for libcrypto, wiped and freed when it goes away.
///
/// libcrypto wants passwords as C strings; this keeps the one copy this module makes in
/// memory it owns, so it can be overwritten (`OPENSSL_cleanse`) as soon as it is no longer
/// needed. It cannot be copied, so no stray copies outlive it.
struct PasswordBuffer: ~Copyable {
    /// The password bytes followed by a NUL.
    private let storage: UnsafeMutableBufferPointer<CChar>

    /// The password's length in bytes, without the terminating NUL.
    var count: Int { storage.count - 1 }

    /// Whether the password is empty.
    var isEmpty: Bool { count == 0 }

    /// Copies a password.
    init(_ password: [UInt8]) {
        storage = .allocate(capacity: password.count + 1)
        for (index, byte) in password.enumerated() {
            storage[index] = CChar(bitPattern: byte)
        }
        storage[password.count] = 0
    }

    /// Calls `body` with the password as a C string and its length in bytes.
    func withCString<Result>(_ body: (UnsafePointer<CChar>, Int32) -> Result) -> Result {
        guard let base = storage.baseAddress else { return body("", 0) }
        return body(UnsafePointer(base), Int32(clamping: count))
    }

    deinit {
        OPENSSL_cleanse(storage.baseAddress, storage.count)
        storage.deallocate()
    }
}
