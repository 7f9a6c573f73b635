import COpenSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which certificate authorities a TLS client trusts.
public struct TLSTrust: Sendable, Hashable {
    /// PEM certificates to trust instead of the system's; nil for the system's store.
    public var certificates: [UInt8]?
    /// False only for `--no-verify-ssl`.
    public var verifies: Bool

    /// Trusts the system's CAs (or `SSL_CERT_FILE`/`SSL_CERT_DIR` when set).
    public static let system = TLSTrust(certificates: nil, verifies: true)
    /// Verifies nothing (tests only).
    public static let none = TLSTrust(certificates: nil, verifies: false)

    /// Creates a trust setting.
    public init(certificates: [UInt8]?, verifies: Bool) {
        self.certificates = certificates
        self.verifies = verifies
    }

    /// Whether `pem` holds at least one certificate OpenSSL can read.
    public static func holdsCertificates(_ pem: [UInt8]) -> Bool {
        OpenSSLLibrary.prepare()
        guard let store = X509_STORE_new() else { return false }
        defer { X509_STORE_free(store) }
        return add(pem, to: store) > 0
    }

    /// Adds every PEM certificate of `pem` to `store`; returns how many were added.
    private static func add(_ pem: [UInt8], to store: OpaquePointer) -> Int {
        var added = 0
        pem.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return }
            defer { BIO_free(bio) }
            while let certificate = PEM_read_bio_X509(bio, nil, nil, nil) {
                if X509_STORE_add_cert(store, certificate) == 1 { added += 1 }
                X509_free(certificate)
            }
        }
        ERR_clear_error()  // the read past the last certificate queues an error
        return added
    }

    /// Puts the trusted CAs into an OpenSSL context.
    func install(in context: OpaquePointer, peer: TransportError.Peer) throws(TransportError) {
        guard let certificates else {
            let file = getenv("SSL_CERT_FILE").map { String(cString: $0) }
            // The system's CAs by hashed folder (looked up lazily, one file per issuer), not the
            // system bundle: reading ca-certificates.crt parses every CA and costs ~30 ms per start.
            let folder = getenv("SSL_CERT_DIR").map { String(cString: $0) } ?? String(cString: X509_get_default_cert_dir())
            guard SSL_CTX_load_verify_locations(context, file, folder) == 1 else {
                throw TransportError(.unusableTrustStore, peer: peer, cause: TLSSession.drainErrors())
            }
            return
        }
        guard let store = SSL_CTX_get_cert_store(context) else {
            throw TransportError(.unusableTrustStore, peer: peer, cause: TLSSession.drainErrors())
        }
        guard Self.add(certificates, to: store) > 0 else { throw TransportError(.unusableTrustStore, peer: peer, cause: "no PEM certificate") }
    }
}
