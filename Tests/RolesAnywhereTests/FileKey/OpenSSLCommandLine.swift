import Foundation
import XCTest

/// Runs the `openssl` command-line tool in a private temporary folder, to make test fixtures.
struct OpenSSLCommandLine {
    /// The folder the tool runs in; fixture files are named relative to it.
    let folder: URL

    /// Names a fresh temporary folder, created by the first ``run(_:environment:)``.
    init() {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("openssl-fixtures-\(UUID().uuidString)", isDirectory: true)
    }

    /// Deletes the folder and everything in it.
    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs `openssl` with the arguments; throws with its stderr when it fails.
    ///
    /// `environment` entries are added to (or, when `nil`, removed from) the inherited environment.
    func run(_ arguments: [String], environment: [String: String?] = [:]) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = folder
        var variables = ProcessInfo.processInfo.environment
        for (name, value) in environment {
            variables[name] = value
        }
        process.environment = variables
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailure(arguments: arguments, stderr: String(decoding: message, as: UTF8.self))
        }
    }

    /// The bytes of a file in the folder.
    func read(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    /// Generates a private key: `rsa2048`, `P-256` or `P-384`, as PEM.
    func generateKey(_ kind: String, to name: String) throws {
        if kind == "rsa2048" {
            try run(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", name])
        } else {
            try run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:\(kind)", "-out", name])
        }
    }

    /// The key's unencrypted PKCS#8 DER, as `openssl pkcs8 -topk8 -nocrypt` writes it.
    func plainPKCS8(of key: String) throws -> [UInt8] {
        try run(["pkcs8", "-topk8", "-nocrypt", "-in", key, "-outform", "DER", "-out", "\(key).p8.der"])
        return try read("\(key).p8.der")
    }

    /// A certificate's DER.
    func certificateDER(_ certificate: String) throws -> [UInt8] {
        try run(["x509", "-in", certificate, "-outform", "DER", "-out", "\(certificate).der"])
        return try read("\(certificate).der")
    }

    /// The failure of one `openssl` run.
    struct CommandFailure: Error, CustomStringConvertible {
        var arguments: [String]
        var stderr: String
        var description: String { "openssl \(arguments.joined(separator: " ")) failed: \(stderr)" }
    }
}
