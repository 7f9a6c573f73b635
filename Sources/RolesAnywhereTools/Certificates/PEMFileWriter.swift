import RolesAnywhere
import SwiftASN1

#if canImport(Glibc)
import Glibc
#endif

/// Writes the tools' PEM output files atomically: private keys with mode 0600, certificates
/// and CSRs (public material) with mode 0644.
public enum PEMFileWriter {
    /// Writes a private key (mode 0600).
    public static func writeSecret(_ pem: String, to path: String) throws(RolesAnywhereError) {
        try AtomicFileWriter.write(Array(terminated(pem).utf8), to: path)
    }

    /// Writes public material (mode 0644).
    public static func writePublic(_ pem: String, to path: String) throws(RolesAnywhereError) {
        try AtomicFileWriter.write(Array(terminated(pem).utf8), to: path)
        guard chmod(path, 0o644) == 0 else {
            throw RolesAnywhereError(.unwritableFile, "cannot set mode 0644 on '\(path)': \(String(cString: strerror(errno)))")
        }
    }

    /// PEM text of one DER object, e.g. `CERTIFICATE` or `CERTIFICATE REQUEST`.
    public static func pem(_ type: String, der: [UInt8]) -> String {
        PEMDocument(type: type, derBytes: der).pemString
    }

    private static func terminated(_ pem: String) -> String {
        pem.hasSuffix("\n") ? pem : pem + "\n"
    }
}
