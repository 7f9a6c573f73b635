import RolesAnywhere
import RolesAnywhereTools
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes lines to standard error; standard output is reserved for command results. A message
/// is one line whatever it quotes: control characters from paths, ARNs or answers are escaped.
enum StandardError {
    /// Our standard error: descriptor 2, or its copy while modules' output is silenced.
    nonisolated(unsafe) static var descriptor: Int32 = 2

    static func write(_ line: String) {
        let text = line.hasSuffix("\n") ? String(line.dropLast()) : line
        FileDescriptorOutput.writeLine(ControlCharacters.escaped(text, limit: 4000), to: descriptor)
    }
}

/// Writes command results to standard output, unbuffered, one line each.
enum StandardOutput {
    static func write(_ line: String) {
        FileDescriptorOutput.writeLine(line, to: 1)
    }
}

/// Writes a line to a file descriptor with `write(2)`: no stdio buffer to flush at exit, and
/// no `print`, whose `Any` arguments cost a dynamic cast at start-up.
enum FileDescriptorOutput {
    static func writeLine(_ line: String, to descriptor: Int32) {
        var bytes = Array(line.utf8)
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        write(bytes, to: descriptor)
    }

    /// Writes bytes as they are.
    static func write(_ bytes: [UInt8], to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}

/// Reads standard input to its end.
enum StandardInput {
    static func readAll() -> [UInt8] {
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }
}
