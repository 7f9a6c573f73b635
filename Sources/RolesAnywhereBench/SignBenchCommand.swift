import ArgumentParser
import Foundation
import RolesAnywhere

/// Signing throughput of a key file through the core's ``FileKeyBackend``.
struct SignBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sign", abstract: "Signatures per second with a key file.")

    @Option var certificate: String
    @Option var privateKey: String
    @Option(help: "Seconds to run.") var seconds: Double = 2

    func run() async throws {
        let identity = try await FileKeyBackend(certificatePath: certificate, privateKeyPath: privateKey).loadIdentity()
        // A string to sign of the real length (about 150 bytes).
        let message = Array(
            "AWS4-X509-RSA-SHA256\n20240706T113859Z\n20240706/us-east-2/rolesanywhere/aws4_request\n0341377207232aa5da02d53ac67e71211fab7a4dd4cfc5f63c6121b17f540268"
                .utf8)
        let clock = ContinuousClock()
        let start = clock.now
        var count = 0
        while clock.now - start < .milliseconds(Int(seconds * 1000)) {
            _ = try await identity.sign(message)
            count += 1
        }
        let elapsed = clock.now - start
        let perSecond = Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        print("{\"key\":\"\(identity.keyAlgorithm)\",\"signaturesPerSecond\":\(Int(perSecond))}")
    }
}
