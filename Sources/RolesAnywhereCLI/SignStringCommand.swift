import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RolesAnywhere
import RolesAnywhereTools

#if canImport(Glibc)
import Glibc
#endif

/// `roles-anywhere sign-string`: signs standard input (or a fixed probe string) with the key.
struct SignStringCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign-string",
        abstract: "Sign standard input, or a fixed probe string when stdin is a terminal, with the certificate's key.")

    /// Signed when standard input is a terminal, so the key can be tried without input.
    static let probeString = "roles-anywhere sign-string probe"

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case json, text, bin
    }

    @OptionGroup var key: KeyOptions

    @Option(help: "Output: json, text (hex) or bin (raw bytes).")
    var format: OutputFormat = .json

    @Option(help: "Digest: SHA256, SHA384 or SHA512.")
    var digest: String = "SHA256"

    func run() async throws {
        guard let digest = SignatureDigest(rawValue: digest.uppercased()) else {
            throw RolesAnywhereError(.invalidArgument, "--digest '\(digest)' is not one of SHA256, SHA384, SHA512")
        }
        let message: [UInt8] =
            isatty(STDIN_FILENO) == 1
            ? Array(Self.probeString.utf8) : StandardInput.readAll()
        let identity = try await key.makeBackend().loadIdentity()
        let signature = try await identity.sign(message, digest: digest)
        switch format {
        case .bin:
            FileDescriptorOutput.write(signature, to: 1)
        case .text:
            StandardOutput.write(Hex.encode(signature))
        case .json:
            StandardOutput.write(
                "{\"algorithm\":\(JSONString.quote(identity.keyAlgorithm.signingAlgorithmName)),\"digest\":\"\(digest.rawValue)\",\"signature\":\"\(SigV4Encoding.lowercaseHex(signature))\"}"
            )
        }
    }
}
