import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import RolesAnywhere
import RolesAnywhereTestSupport
import X509

@testable import RolesAnywhereEmulator

/// The built `roles-anywhere-emulator` running in quick-start mode with a fresh root CA as its
/// trust anchor, plus an HTTPS client that trusts its TLS CA.
final class RunningEmulator: @unchecked Sendable {
    let files: TestFiles
    let root: TestCertificateAuthority
    let process: EmulatorProcess
    let caPEM: String
    let host: String
    let port: Int
    let client: HTTPClient

    /// Starts the emulator; `connections` bounds the client's parallel connections.
    init(connections: Int = 8) throws {
        let binary = BuiltProducts.emulator
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw MissingValue(description: "\(binary) is missing: run `swift build --build-tests` first")
        }
        files = try TestFiles()
        root = try TestCertificateAuthority(name: "HTTP Test Root CA")
        let anchorCA = try files.write(root.certificatePEM, name: "trust-anchor-ca.pem")
        process = try EmulatorProcess(arguments: ["--trust-anchor-ca", anchorCA], folder: files.directory)
        caPEM = try String(contentsOfFile: process.ready.caBundle, encoding: .utf8)
        let endpoint = try ServiceEndpoint(parsing: process.ready.endpoint)
        host = endpoint.host
        port = try XCTUnwrapValue(endpoint.port, "the ready line's endpoint has no port")
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8)))
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.httpVersion = .http1Only
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(30))
        client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }

    /// Shuts the client down, stops the emulator and removes its files.
    func stop() async throws {
        try await client.shutdown()
        process.stop()
        files.removeAll()
    }

    /// A signer for the quick-start anchor, profile and role, at this instant, for this endpoint.
    func signer(leaf: TestLeaf) -> SessionRequestSigner {
        var signer = SessionRequestSigner(leaf: leaf)
        signer.trustAnchorARN = process.ready.trustAnchorArn
        signer.profileARN = process.ready.profileArn
        signer.roleARN = process.ready.roleArn
        signer.endpoint = process.ready.endpoint
        signer.date = Date()
        return signer
    }

    /// A leaf of the anchor's root, valid now.
    func leaf(commonName: String = "http-client") throws -> TestLeaf {
        try root.issueLeaf(LeafOptions(commonName: commonName))
    }

    /// Sends a request as received by a server: its path, query, headers and body.
    func send(_ request: ReceivedRequest) async throws -> HTTPAnswer {
        let query = request.rawQuery.isEmpty ? "" : "?\(request.rawQuery)"
        var outgoing = HTTPClientRequest(url: process.ready.endpoint + request.path + query)
        outgoing.method = .POST
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        let response = try await client.execute(outgoing, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return HTTPAnswer(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
            body: String(buffer: body))
    }
}

/// An HTTP answer: status, headers, body text.
struct HTTPAnswer: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: String

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body of a 201 CreateSession answer.
    func session() throws -> CreateSessionResponse {
        try JSONDecoder().decode(CreateSessionResponse.self, from: Data(body.utf8))
    }
}

