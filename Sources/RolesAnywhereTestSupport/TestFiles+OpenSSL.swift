extension TestFiles {
    /// The environment variable through which passwords reach `openssl` (never argv).
    static let passwordVariable = "ROLES_ANYWHERE_TEST_PKI_PASSWORD"

    /// Encrypts a private key as PKCS#8 (`ENCRYPTED PRIVATE KEY`, PBES2 with
    /// AES-256-CBC) with the `openssl` command, which swift-crypto cannot write.
    ///
    /// The password reaches `openssl` through an environment variable of the child
    /// process, never its arguments.
    ///
    /// - Parameters:
    ///   - keyPEM: The key as PEM, PKCS#8 or traditional.
    ///   - password: The encryption password.
    /// - Returns: The encrypted key as PEM.
    /// - Throws: ``TestPKIError/Code/openSSLFailed`` with openssl's stderr when it fails.
    public static func encryptedPKCS8(keyPEM: String, password: String) throws -> String {
        let scratch = try TestFiles()
        defer { scratch.removeAll() }
        let input = try scratch.write(keyPEM, name: "key.pem")
        let output = scratch.path("key.p8.pem")
        try OpenSSLCommand.run(
            ["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", input, "-out", output, "-passout", "env:\(passwordVariable)"],
            environment: [passwordVariable: password],
            workingDirectory: scratch
        ).requireSuccess()
        return String(decoding: try scratch.read("key.p8.pem"), as: UTF8.self)
    }

    /// Bundles a certificate, its key and an optional chain into a PKCS#12 file with
    /// the `openssl` command (keys and certificates encrypted with AES-256-CBC).
    ///
    /// The password reaches `openssl` through an environment variable of the child
    /// process, never its arguments.
    ///
    /// - Parameters:
    ///   - certificatePEM: The leaf certificate as PEM.
    ///   - keyPEM: The leaf's private key as PEM.
    ///   - chainPEM: Further certificates to include (intermediates), or `nil`.
    ///   - password: The export password.
    /// - Returns: The DER bytes of the PKCS#12 file.
    /// - Throws: ``TestPKIError/Code/openSSLFailed`` with openssl's stderr when it fails.
    public static func pkcs12(
        certificatePEM: String,
        keyPEM: String,
        chainPEM: String? = nil,
        password: String
    ) throws -> [UInt8] {
        let scratch = try TestFiles()
        defer { scratch.removeAll() }
        var arguments = [
            "pkcs12", "-export",
            "-in", try scratch.write(certificatePEM, name: "cert.pem"),
            "-inkey", try scratch.write(keyPEM, name: "key.pem"),
            "-out", scratch.path("bundle.p12"),
            "-keypbe", "AES-256-CBC", "-certpbe", "AES-256-CBC",
            "-passout", "env:\(passwordVariable)",
        ]
        if let chainPEM, !chainPEM.isEmpty {
            arguments += ["-certfile", try scratch.write(chainPEM, name: "chain.pem")]
        }
        try OpenSSLCommand.run(arguments, environment: [passwordVariable: password], workingDirectory: scratch)
            .requireSuccess()
        return try scratch.read("bundle.p12")
    }
}
