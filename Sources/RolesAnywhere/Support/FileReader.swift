#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads small input files (certificates, keys, PIN files) with errors that say which file
/// and why: missing, not permitted, a folder, or too large.
///
/// A path `env:NAME` reads the environment variable `NAME` instead: PEM text, or base64 DER
/// (what CI systems keep as secret variables). Its value never appears in a message.
package enum FileReader {
    /// The prefix that names an environment variable instead of a file.
    package static let environmentPrefix = "env:"
    /// The largest input file read (certificate bundles and keys are a few KiB).
    package static let maximumSize = 1 << 20

    /// Reads a whole file.
    /// - Parameters:
    ///   - path: the file's path.
    ///   - role: what the file is for, e.g. "certificate file (\\(setting: .certificate))"; a path `env:NAME` reads that variable.
    package static func read(_ path: String, role: RolesAnywhereError.Wording) throws(RolesAnywhereError) -> [UInt8] {
        if path.hasPrefix(environmentPrefix) { return try readEnvironment(path, role: role) }
        // O_NONBLOCK: opening a FIFO must not wait for a writer (regular files ignore the flag).
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw RolesAnywhereError(.unreadableFile, "cannot read the \(role) '\(path)': \(Self.reason(errno))", subject: path, cause: Self.reason(errno))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw RolesAnywhereError(.unreadableFile, "cannot read the \(role) '\(path)': \(Self.reason(errno))", subject: path, cause: Self.reason(errno))
        }
        guard (info.st_mode & S_IFMT) != S_IFDIR else {
            throw RolesAnywhereError(.unreadableFile, "the \(role) '\(path)' is a folder, not a file", subject: path)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw RolesAnywhereError(
                .unreadableFile, "the \(role) '\(path)' is not a regular file (a pipe, socket or device): pass a file")
        }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw RolesAnywhereError(.unreadableFile, "cannot read the \(role) '\(path)': \(Self.reason(errno))", subject: path, cause: Self.reason(errno))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= maximumSize else {
                throw RolesAnywhereError(.unreadableFile, "the \(role) '\(path)' is larger than 1 MiB: is it the right file?")
            }
        }
        guard !bytes.isEmpty else {
            throw RolesAnywhereError(.unreadableFile, "the \(role) '\(path)' is empty")
        }
        return bytes
    }

    /// The bytes of `env:NAME`: PEM text as it is, anything else decoded as base64 (DER).
    private static func readEnvironment(_ path: String, role: RolesAnywhereError.Wording) throws(RolesAnywhereError) -> [UInt8] {
        let name = String(path.dropFirst(environmentPrefix.count))
        let isNameByte = { (byte: UInt8) in
            byte == UInt8(ascii: "_") || (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
        guard let first = name.utf8.first, !(0x30...0x39).contains(first), name.utf8.allSatisfy(isNameByte) else {
            throw RolesAnywhereError(
                .unreadableFile, "the \(role) '\(path)' does not name an environment variable: use env:NAME with letters, digits and _, not starting with a digit",
                subject: path)
        }
        guard let pointer = getenv(name) else {
            throw RolesAnywhereError(
                .unreadableFile, "the \(role) '\(path)' names the environment variable \(name), which is not set", subject: path)
        }
        let text = Array(UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)))
        guard !text.isEmpty else {
            throw RolesAnywhereError(.unreadableFile, "the \(role) '\(path)' names the environment variable \(name), which is empty", subject: path)
        }
        guard text.count <= maximumSize else {
            throw RolesAnywhereError(.unreadableFile, "the \(role) '\(path)' is larger than 1 MiB: is it the right variable?", subject: path)
        }
        // PEM is taken as it is (the parsers say what is wrong inside it); anything else is base64 DER.
        if String(decoding: text, as: UTF8.self).contains("-----BEGIN ") { return text }
        let compact = String(decoding: text.filter { !(UInt8(ascii: "\t")...UInt8(ascii: " ")).contains($0) }, as: UTF8.self)
        guard let der = Data(base64Encoded: compact), !der.isEmpty else {
            throw RolesAnywhereError(
                .unreadableFile, "the \(role) '\(path)': the environment variable \(name) holds neither PEM text nor base64 DER",
                subject: path)
        }
        return Array(der)
    }

    package static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: "no such file"
        case EACCES, EPERM: "permission denied"
        case ENOTDIR: "a part of the path is not a folder"
        case EISDIR: "it is a folder"
        default: String(cString: strerror(code))
        }
    }
}
