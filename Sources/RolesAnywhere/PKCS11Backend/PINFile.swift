#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a PIN file (`pin-source=file:/path`): its first line, without the line break.
enum PINFile {
    /// The largest PIN file read.
    static let maximumSize = 4096

    /// The PIN bytes; the caller wipes them. Every buffer used on the way is wiped too.
    static func read(_ path: String) throws(RolesAnywhereError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw RolesAnywhereError(.pinFailure, "cannot read the PIN file '\(path)' (pin-source): \(FileReader.reason(errno))")
        }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: maximumSize + 1)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.read(descriptor, base + count, buffer.count - count)
            }
            if got < 0, errno == EINTR { continue }
            if got < 0 {
                bytes.wipe()
                throw RolesAnywhereError(.pinFailure, "cannot read the PIN file '\(path)' (pin-source): \(FileReader.reason(errno))")
            }
            if got == 0 { break }
            count += got
        }
        let end = bytes[0..<count].firstIndex(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) ?? count
        var pin = Array(bytes[0..<end])
        bytes.wipe()
        guard count <= maximumSize else {
            pin.wipe()
            throw RolesAnywhereError(.pinFailure, "the PIN file '\(path)' (pin-source) is larger than \(maximumSize) bytes: is it the right file?")
        }
        return pin
    }
}
