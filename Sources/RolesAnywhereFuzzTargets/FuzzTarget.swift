import NIOCore
import NIOEmbedded
import NIOHTTP1
import PKCS11
import RolesAnywhere
import RolesAnywhereTools
import RolesAnywhereEmulator
import RolesAnywhereServe

/// One parser that takes bytes from outside, driven with arbitrary input by libFuzzer
/// (`scripts/fuzz.sh`) and by the corpus replay of the ordinary tests. A target must never
/// crash, hang or leak; refusing the input is the expected outcome for most inputs.
public struct FuzzTarget: Sendable {
    /// The target's name, also its corpus folder under `Tests/FuzzCorpus/`.
    public let name: String
    /// Feeds one input.
    public let run: @Sendable ([UInt8]) -> Void

    /// Every target.
    public static let all: [FuzzTarget] = [
        certificate, privateKey, pkcs12, pkcs11URI, sharedCredentials, cacheEntry, createSessionAnswer, httpResponse,
        metadataRequest, authorizationHeader,
    ]

    /// The target named `name`.
    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    /// PEM or DER certificates and bundles (`--certificate`, `--intermediates`).
    static let certificate = FuzzTarget(name: "certificate") { bytes in
        _ = try? CertificateFile.leaf(in: bytes, path: "fuzz")
        _ = try? CertificateFile.certificates(in: bytes, path: "fuzz", role: "fuzz")
    }

    /// PEM PKCS#1, SEC1, PKCS#8, encrypted PKCS#8 and DER keys (`--private-key`).
    static let privateKey = FuzzTarget(name: "private-key") { bytes in
        _ = try? PrivateKeyFile(path: "fuzz", passwords: PasswordCache().source(.literal("fuzz"))).key(from: bytes)
    }

    /// PKCS#12 bundles given as `--certificate` without a key.
    static let pkcs12 = FuzzTarget(name: "pkcs12") { bytes in
        guard PKCS12Contents.isPFXShaped(bytes) else { return }
        _ = try? OpenSSLKeyDecoder.openPKCS12(bytes, password: Array("fuzz".utf8))
    }

    /// RFC 7512 URIs, and the PIN redaction of their messages.
    static let pkcs11URI = FuzzTarget(name: "pkcs11-uri") { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        _ = try? PKCS11URI(parsing: text)
        // A PIN written after pin-value= never survives: the output holds fewer "fuzzsecret" than the input.
        let redacted = PKCS11URI.redactingPINValue(text)
        let secrets = text.lowercased().ranges(of: "fuzzsecret").count
        let hidden = text.lowercased().ranges(of: "pin-value=fuzzsecret").count
        precondition(redacted.lowercased().ranges(of: "fuzzsecret").count <= secrets - hidden, "a PIN survived redaction")
        _ = PKCS11URI.unknownPathAttributes(in: text)
    }

    /// The shared credentials file `update` rewrites: every other byte must survive.
    static let sharedCredentials = FuzzTarget(name: "shared-credentials") { bytes in
        var document = SharedCredentialsDocument(text: String(decoding: bytes, as: UTF8.self))
        document.setCredentials(
            AWSCredentials(accessKeyID: "ASIAFUZZ", secretAccessKey: "s", sessionToken: "t", expiration: .init(timeIntervalSince1970: 0)),
            profile: "fuzz")
        _ = document.text
    }

    /// Entries of the credential cache, which another user could plant.
    static let cacheEntry = FuzzTarget(name: "cache-entry") { bytes in
        _ = CachedCredentialsFile.decode(bytes, key: FuzzFixtures.cacheKey)
    }

    /// CreateSession answers, success and refusal.
    static let createSessionAnswer = FuzzTarget(name: "create-session-answer") { bytes in
        _ = ResponseInterpreter.interpret(status: 201, errorType: nil, body: bytes)
        _ = ResponseInterpreter.interpret(status: 403, errorType: "AccessDeniedException", reason: "r", body: bytes)
    }

    /// Whatever a service (or something pretending to be one) sends back over the connection.
    static let httpResponse = FuzzTarget(name: "http-response") { bytes in
        var chunks = stride(from: 0, to: bytes.count, by: 7).map { Array(bytes[$0..<min($0 + 7, bytes.count)]) }[...]
        var parser = HTTPResponseParser(peer: .endpoint("fuzz"), maximumBodySize: 1 << 16) { () throws(TransportError) -> [UInt8] in
            chunks.popFirst() ?? []
        }
        _ = try? parser.readResponse()
    }

    /// Requests to `serve`: decoded by llhttp, then routed with the loopback and IMDSv2 rules.
    static let metadataRequest = FuzzTarget(name: "metadata-request") { bytes in
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
        defer { _ = try? channel.finish() }
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        guard (try? channel.writeInbound(buffer)) != nil else { return }
        while let part = try? channel.readInbound(as: HTTPServerRequestPart.self) {
            guard case .head(let head) = part else { continue }
            _ = FuzzFixtures.service.reply(
                to: CredentialService.Request(method: head.method.rawValue, uri: head.uri, headers: head.headers, localPort: 9911))
        }
    }

    /// The emulator's reading of a SigV4-X509 `Authorization` header and of a request's query.
    static let authorizationHeader = FuzzTarget(name: "authorization-header") { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        _ = X509AuthorizationHeader(text)
        let request = ReceivedRequest(
            method: "POST", path: "/sessions", rawQuery: text, headers: [("Host", "h"), ("X-Amz-Date", text)], body: bytes)
        _ = request.canonicalRequest(signedHeaders: ["host", "x-amz-date"])
    }
}
