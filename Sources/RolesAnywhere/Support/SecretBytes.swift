#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Array where Element == UInt8 {
    /// Overwrites the bytes with zeros in a way the optimizer keeps (explicit_bzero), for
    /// passwords and PINs after use.
    mutating func wipe() {
        withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            explicit_bzero(base, buffer.count)
        }
    }
}
