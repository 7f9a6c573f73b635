import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import RolesAnywhere

/// Verified CreateSession requests per second on the emulator: one signed request sent
/// many times by concurrent connections (the emulator verifies each one fully).
struct EmulatorLoadBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator-load", abstract: "Verified CreateSession requests per second on the emulator.")

    @Option var endpoint: String
    @Option var caBundle: String
    @Option var certificate: String
    @Option var privateKey: String
    @Option var trustAnchorArn: String
    @Option var profileArn: String
    @Option var roleArn: String
    @Option(help: "Requests to send.") var requests: Int = 2000
    @Option(help: "Requests in flight.") var concurrency: Int = 16

    func run() async throws {
        let request = try CreateSessionRequest(
            trustAnchorARN: trustAnchorArn, profileARN: profileArn, roleARN: roleArn, endpoint: endpoint)
        let identity = try await FileKeyBackend(certificatePath: certificate, privateKeyPath: privateKey).loadIdentity()
        let signed = try await SigV4X509Signer().sign(request, identity: identity, date: Date())
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(caBundle)
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        defer { _ = client.shutdown() }
        var httpRequest = HTTPClientRequest(url: signed.url)
        httpRequest.method = .POST
        for header in signed.headers where header.name != "Host" { httpRequest.headers.add(name: header.name, value: header.value) }
        httpRequest.body = .bytes(ByteBuffer(bytes: signed.body))
        let prepared = httpRequest
        let clock = ContinuousClock()
        let start = clock.now
        let failures = try await withThrowingTaskGroup(of: Int.self) { group in
            let perWorker = requests / concurrency
            for _ in 0..<concurrency {
                group.addTask {
                    var failed = 0
                    for _ in 0..<perWorker {
                        let response = try await client.execute(prepared, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        if response.status.code != 201 { failed += 1 }
                    }
                    return failed
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let sent = (requests / concurrency) * concurrency
        print("{\"requests\":\(sent),\"failures\":\(failures),\"requestsPerSecond\":\(Int(Double(sent) / seconds))}")
    }
}
