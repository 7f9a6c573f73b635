import Crypto
import Foundation
import NIOSSL
import RolesAnywhere
import SwiftASN1
import X509

/// The emulator's HTTPS identity: a CA made at start (written as PEM for clients to trust)
/// and a server certificate for 127.0.0.1, ::1 and localhost signed by it.
public struct EmulatorTLSIdentity: Sendable {
    /// PEM of the CA clients pass as `--ca-bundle` / `AWS_CA_BUNDLE`.
    public let caPEM: String
    /// The server's TLS configuration.
    public let serverConfiguration: TLSConfiguration

    /// Makes a fresh CA and server certificate (P-256, valid for 30 days).
    public static func generate(now: Date = Date()) throws -> EmulatorTLSIdentity {
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName { CommonName("roles-anywhere emulator TLS CA") }
        let caCertificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(caKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(30 * 86_400),
            issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: .init(caKey.publicKey))
            },
            issuerPrivateKey: .init(caKey))
        let serverKey = P256.Signing.PrivateKey()
        let serverCertificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(serverKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(30 * 86_400),
            issuer: caName, subject: try DistinguishedName { CommonName("127.0.0.1") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([
                    .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                    .ipAddress(ASN1OctetString(contentBytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])),
                    .dnsName("localhost"),
                ])
            },
            issuerPrivateKey: .init(caKey))
        let certificate = try NIOSSLCertificate(bytes: try serverCertificate.derBytes, format: .der)
        let key = try NIOSSLPrivateKey(bytes: Array(serverKey.derRepresentation), format: .der)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return EmulatorTLSIdentity(caPEM: try caCertificate.serializeAsPEM().pemString, serverConfiguration: configuration)
    }

    /// Uses a given certificate chain and key (`--tls-cert`, `--tls-key`).
    public static func load(certificatePath: String, keyPath: String) throws -> EmulatorTLSIdentity {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
            let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            configuration.minimumTLSVersion = .tlsv12
            let pem = (try? String(contentsOfFile: certificatePath, encoding: .utf8)) ?? ""
            return EmulatorTLSIdentity(caPEM: pem, serverConfiguration: configuration)
        } catch {
            throw EmulatorError("cannot load --tls-cert '\(certificatePath)' / --tls-key '\(keyPath)': \(error)")
        }
    }
}
