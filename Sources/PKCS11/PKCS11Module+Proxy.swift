#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension PKCS11Module {
    /// Folders where distributions install p11-kit's proxy module.
    static let proxyModuleCandidates = [
        "/usr/lib/x86_64-linux-gnu/p11-kit-proxy.so",
        "/usr/lib/aarch64-linux-gnu/p11-kit-proxy.so",
        "/usr/lib64/p11-kit-proxy.so",
        "/usr/lib/p11-kit-proxy.so",
        "/usr/local/lib/p11-kit-proxy.so",
        "/opt/homebrew/lib/p11-kit-proxy.so",
    ]

    /// The path of p11-kit's proxy module (`p11-kit-proxy.so`).
    ///
    /// It lives next to `libp11-kit` (one level above pkg-config's
    /// `p11_module_path`), so the folder of the `libp11-kit` this process uses is
    /// tried first, then the usual library folders.
    ///
    /// - Throws: ``PKCS11LibraryError`` with code `.moduleNotFound` naming the places tried.
    public static func proxyModulePath() throws -> String {
        var candidates: [String] = []
        if let folder = p11KitLibraryFolder() {
            candidates.append(folder + "/p11-kit-proxy.so")
        }
        candidates += proxyModuleCandidates
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) {
            return found
        }
        throw PKCS11LibraryError(
            code: .moduleNotFound,
            message: "p11-kit's proxy module was not found (tried \(candidates.joined(separator: ", ")));"
                + " install p11-kit-modules or name a module path")
    }

    /// The folder holding the `libp11-kit` mapped into this process (from `/proc/self/maps`).
    private static func p11KitLibraryFolder() -> String? {
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else {
            return nil
        }
        for line in maps.split(separator: "\n") {
            guard let slash = line.firstIndex(of: "/") else { continue }
            let file = String(line[slash...])
            if file.contains("/libp11-kit.so") {
                return URL(fileURLWithPath: file).deletingLastPathComponent().path
            }
        }
        return nil
    }
}
