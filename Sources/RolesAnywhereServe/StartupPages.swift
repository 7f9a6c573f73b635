import RolesAnywhere

#if canImport(Glibc)
import Glibc
#endif

/// Gives back the read-only pages of the program's own file that only start-up touched.
///
/// The kernel maps 64 KiB around every page a process touches in its executable, so a server
/// that ran its start-up (argument parsing, certificate and key reading, TLS, the first
/// CreateSession) keeps ~17 MB of the binary's text resident for good. These are clean,
/// read-only, file-backed pages: dropping them from this process's page tables loses nothing
/// (the page cache keeps them, and a page needed again is mapped again on its next use), and
/// the server's resident set becomes the code that serving actually runs.
public enum StartupPages {
    /// Drops this process's mappings of its executable's code segment (`r-xp`: never written, as a
    /// position-independent executable has no text relocations). Read-only data segments are
    /// left alone: RELRO pages were written by the loader before being made read-only, and
    /// dropping them would bring back their unrelocated bytes.
    public static func release() {
        var target = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &target, target.count - 1)
        guard length > 0 else { return }
        let executable = String(decoding: target[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let maps = fopen("/proc/self/maps", "r") else { return }
        defer { fclose(maps) }
        var line = [CChar](repeating: 0, count: 4096)
        var ranges: [(start: UInt, end: UInt)] = []
        while fgets(&line, Int32(line.count), maps) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let fields = text.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "r-xp",
                fields[5].trimmingASCIIWhitespace() == executable
            else { continue }
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16) else { continue }
            ranges.append((start, end))
        }
        for range in ranges {
            _ = madvise(UnsafeMutableRawPointer(bitPattern: range.start), Int(range.end - range.start), MADV_DONTNEED)
        }
    }
}
