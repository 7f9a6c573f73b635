import ArgumentParser
import CPKCS11
import Crypto
import Foundation
import PKCS11

/// Token signing throughput: a bare `C_Sign` loop against the same signatures through the
/// PKCS11 layer, on the same session and key (the layer's overhead), and the layer with two
/// threads on two sessions.
struct TokenSignBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token-sign", abstract: "Token signatures per second: bare C_Sign loop vs the PKCS11 layer.")

    @Option var module: String
    @Option var token: String
    @Option(help: "Environment variable holding the user PIN.") var pinEnv: String
    @Option(help: "Label of the private key.") var label: String
    @Option(help: "rsa or ec.") var keyType: String
    @Option(help: "Seconds per round.") var roundSeconds: Double = 0.3
    @Option(help: "Alternating rounds; the median of each side is reported.") var rounds: Int = 15
    @Option(help: "Signatures per thread in the two-thread run.") var signatures: Int = 1000

    func run() async throws {
        guard let pin = ProcessInfo.processInfo.environment[pinEnv] else { throw BenchError("\(pinEnv) is not set") }
        let isRSA = keyType == "rsa"
        let digest = Array(SHA256.hash(data: Array("bench".utf8)))
        // RSA: CKM_SHA256_RSA_PKCS over the message; EC: CKM_ECDSA over the digest, as the backend does.
        let data = isRSA ? Array("AWS4-X509-RSA-SHA256\n20240706T113859Z\nbench".utf8) : digest
        let layer = try LayerSigner(module: module, token: token, pin: pin, label: label)
        let bare = try BareCryptoki(modulePath: module, session: layer.session.rawHandle, key: layer.key.rawValue)
        let length = isRSA ? try layer.rsaModulusLength() : 64 * (label.contains("384") ? 3 : 2) / 2
        let mechanism: Mechanism = isRSA ? .sha256RSAPKCS : .ecdsa
        let rawMechanism = CK_MECHANISM_TYPE(isRSA ? CKM_SHA256_RSA_PKCS : CKM_ECDSA)
        var bareRates = [Double]()
        var layerRates = [Double]()
        let input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: data.count)
        _ = input.initialize(from: data)
        let output = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: length)
        defer {
            input.deallocate()
            output.deallocate()
        }
        var cMechanism = CK_MECHANISM(mechanism: rawMechanism, pParameter: nil, ulParameterLen: 0)
        for _ in 0..<rounds {
            bareRates.append(try Self.rate(seconds: roundSeconds) {
                guard bare.sign(mechanism: &cMechanism, input: input, output: output) else { throw BenchError("C_Sign failed") }
            })
            layerRates.append(try Self.rate(seconds: roundSeconds) { _ = try layer.sign(mechanism: mechanism, data: data, length: length) })
        }
        let second = try LayerSigner(module: module, token: token, pin: pin, label: label)
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for signer in [layer, second] {
                group.addTask { for _ in 0..<signatures { _ = try signer.sign(mechanism: mechanism, data: data, length: length) } }
            }
            try await group.waitForAll()
        }
        let twoThreads = Double(signatures * 2) / Self.seconds(clock.now - start)
        let bareMedian = Self.median(bareRates)
        let layerMedian = Self.median(layerRates)
        print(
            "{\"bareSignaturesPerSecond\":\(Int(bareMedian)),\"layerSignaturesPerSecond\":\(Int(layerMedian)),"
                + "\"overheadPercent\":\(String(format: "%.1f", (bareMedian - layerMedian) / bareMedian * 100)),"
                + "\"twoThreadsSignaturesPerSecond\":\(Int(twoThreads))}")
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    /// Signatures per second of `body` repeated for about `seconds`.
    static func rate(seconds limit: Double, _ body: () throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        var count = 0
        repeat {
            for _ in 0..<20 { try body() }
            count += 20
        } while seconds(clock.now - start) < limit
        return Double(count) / seconds(clock.now - start)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// Signs through the PKCS11 layer on its own session.
struct LayerSigner: @unchecked Sendable {
    let session: Session
    let key: ObjectHandle

    init(module path: String, token: String, pin: String, label: String) throws {
        let module = try PKCS11Module.load(path: path)
        guard let slot = try module.slots().first(where: { (try? $0.tokenInfo().label) == token }) else {
            throw BenchError("no token \(token)")
        }
        session = try slot.openSession()
        try session.login(.user, pin: PIN(pin))
        guard let key = try session.findObjects([.objectClass(.privateKey), .label(label)]).first else {
            throw BenchError("no private key \(label)")
        }
        self.key = key
    }

    func rsaModulusLength() throws -> Int {
        try session.modulus(of: key)?.count ?? 256
    }

    func sign(mechanism: Mechanism, data: [UInt8], length: Int) throws -> [UInt8] {
        try session.sign(mechanism: mechanism, key: key, data: data, signatureLength: length, alwaysAuthenticate: false)
    }
}
