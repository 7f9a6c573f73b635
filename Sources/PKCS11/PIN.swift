#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A PIN (or passphrase) for `C_Login`, held in memory that is wiped when the
/// value is released.
///
/// The bytes live in a private heap buffer, never in a `String` or `Array` that
/// this type hands out, and are overwritten with `explicit_bzero` (`memset_s` on
/// Darwin), which the compiler may not elide, when the last reference goes away.
/// Descriptions print `<redacted>`, so a PIN cannot leak through logging or
/// string interpolation.
///
/// Copies the caller made before creating the PIN (the `String` it came from,
/// say) are outside this type's reach; read PINs straight into bytes when you can.
public final class PIN: @unchecked Sendable {
    // Immutable after init; only deinit writes (the zeroing), when no one else holds the object.
    private let storage: UnsafeMutableBufferPointer<UInt8>

    /// Creates a PIN from bytes (usually UTF-8 digits or characters).
    public init<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        buffer.initialize(repeating: 0)
        let (_, written) = buffer.update(from: bytes)
        storage = buffer
        count = written
    }

    /// Creates a PIN from the UTF-8 bytes of `string`.
    public convenience init(_ string: String) {
        self.init(bytes: string.utf8)
    }

    /// The number of bytes in the PIN.
    public let count: Int

    /// Whether the PIN has no bytes.
    public var isEmpty: Bool { count == 0 }

    /// Calls `body` with the PIN bytes; the pointer must not escape the call.
    func withUnsafeBytes<R>(_ body: (UnsafeMutablePointer<UInt8>?, Int) throws -> R) rethrows -> R {
        try body(storage.baseAddress, count)
    }

    deinit {
        if let base = storage.baseAddress {
            #if canImport(Glibc)
            explicit_bzero(base, storage.count)
            #elseif canImport(Darwin)
            _ = memset_s(base, storage.count, 0, storage.count)
            #endif
        }
        storage.deallocate()
    }
}

extension PIN: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Always `<redacted>`.
    public var description: String { "<redacted>" }

    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }

    /// A mirror without children, so `dump` shows no bytes.
    public var customMirror: Mirror { Mirror(self, children: []) }
}
