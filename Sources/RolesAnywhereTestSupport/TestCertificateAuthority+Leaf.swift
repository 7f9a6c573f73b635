import X509

extension TestCertificateAuthority {
    /// Issues an end-entity certificate as `options` describe.
    ///
    /// A v3 leaf carries critical `basicConstraints` (`CA` as ``LeafOptions/isCA``), the
    /// critical ``LeafOptions/keyUsage`` when not `nil`, a `subjectKeyIdentifier` and an
    /// `authorityKeyIdentifier`. A v1 leaf carries no extensions.
    ///
    /// - Throws: When key generation or signing fails.
    public func issueLeaf(_ options: LeafOptions = LeafOptions()) throws -> TestLeaf {
        let key = try TestKey.shared(options.keyType, index: options.keyIndex)
        var extensions = Certificate.Extensions()
        if options.version != .v1 {
            extensions = try Certificate.Extensions {
                Critical(options.isCA ? BasicConstraints.isCertificateAuthority(maxPathLength: nil) : .notCertificateAuthority)
                SubjectKeyIdentifier(hash: key.publicKey)
                AuthorityKeyIdentifier(keyIdentifier: self.subjectKeyIdentifier)
            }
            if let keyUsage = options.keyUsage {
                try extensions.append(Certificate.Extension(keyUsage, critical: true))
            }
        }
        let certificate = try self.sign(
            subject: try DistinguishedName { CommonName(options.commonName) },
            publicKey: key.publicKey,
            serial: options.serial,
            notBefore: options.notBefore,
            notAfter: options.notAfter,
            version: options.version,
            extensions: extensions
        )
        return try TestLeaf(certificate: certificate, key: key, chain: self.chain)
    }
}
