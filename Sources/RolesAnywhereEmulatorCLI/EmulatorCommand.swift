import ArgumentParser
import Foundation
import RolesAnywhere
import RolesAnywhereEmulator
import RolesAnywhereTools

/// `roles-anywhere-emulator`: a local IAM Roles Anywhere service (and STS) on loopback.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles-anywhere-emulator",
        abstract: "Run a local AWS for IAM Roles Anywhere (control plane, CreateSession, IAM, STS, CloudTrail) over HTTPS on 127.0.0.1.",
        discussion: """
            With only --state-dir it starts empty (or with what that folder holds) and is configured with the AWS CLI.
            When ready it prints one JSON line on stdout:
            {"accountId":"...","adminCredentialsFile":"DIR/admin-credentials","caBundle":"DIR/tls-ca.pem","endpoint":"https://127.0.0.1:PORT","region":"..."}
            (with --trust-anchor-ca or --config also "trustAnchorArn", "profileArn" and "roleArn").
            Then: AWS_SHARED_CREDENTIALS_FILE=<adminCredentialsFile> AWS_CA_BUNDLE=<caBundle> aws --endpoint-url <endpoint> --region <region> rolesanywhere list-trust-anchors
            """)

    @Option(help: "PEM file of CA certificates for the quick-start trust anchor (repeatable).")
    var trustAnchorCa: [String] = []

    @Option(help: "Port on 127.0.0.1; 0 picks a free one.")
    var port: Int = 0

    @Option(help: "Configuration file (YAML or JSON) with trust anchors, profiles, CRLs, account and region.")
    var config: String?

    @Option(help: "CRL file (PEM or DER) applied to the trust anchor whose CA signed it (repeatable).")
    var crl: [String] = []

    @Option(help: "Append one JSON line per CreateSession request to this file.")
    var auditLog: String?

    @Option(help: "Folder for the state (SQLite database, administrator keys, TLS CA) kept across restarts (default: a new temporary folder, removed at exit).")
    var stateDir: String?

    @Option(help: "TLS certificate chain (PEM) to serve instead of a generated one.")
    var tlsCert: String?

    @Option(help: "TLS private key (PEM) for --tls-cert.")
    var tlsKey: String?

    @Option(help: ArgumentHelp(
        "Act as AWS Private CA for this CA folder of `cert ca create` (its certificate is trusted by the quick-start trust anchor).",
        valueName: "dir"))
    var privateCa: String?

    func run() async throws {
        guard (0...65535).contains(port) else {
            throw RolesAnywhereError(.invalidArgument, "--port must be 0 to 65535")
        }
        do {
            try await serve()
        } catch let error as EmulatorError {
            throw RolesAnywhereError(.invalidArgument, plain: error.description)
        }
    }

    private func serve() async throws {
        var configuration = try config.map { try EmulatorConfiguration.load(path: $0) } ?? EmulatorConfiguration()
        configuration.crls = (configuration.crls ?? []) + crl
        // The Private CA's root is trusted by the quick-start trust anchor, as a trust anchor of
        // source type AWS_ACM_PCA would trust it.
        let privateCAFiles = privateCa.map { [CertificateAuthorityFolder(directory: $0).path(CertificateAuthorityFolder.trustAnchorFile)] } ?? []
        let account = configuration.accountId ?? ServiceDirectoryBuilder.defaultAccountID
        let region = configuration.region ?? ServiceDirectoryBuilder.defaultRegion
        let privateCA: PrivateCertificateAuthority?
        do {
            privateCA = try privateCa.map { try PrivateCertificateAuthority(folder: $0, accountID: account, region: region) }
        } catch let error as RolesAnywhereError {
            throw RolesAnywhereError(error.code, plain: "--private-ca '\(privateCa ?? "")': \(error.commandLineMessage)")
        }
        if stateDir?.isEmpty == true { throw EmulatorError("--state-dir is empty: name a folder for the emulator's state") }
        let temporary = stateDir == nil
        let folder = Self.absolute(try stateDir ?? Self.makeTemporaryFolder())
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            var isFolder: ObjCBool = false
            let reason = FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && !isFolder.boolValue
                ? "it is a file" : "a parent is not a writable folder"
            throw EmulatorError("cannot create the state folder '\(folder)': \(reason)")
        }
        // The folder holds the administrator's keys: only its owner may look inside.
        chmod(folder, 0o700)
        // A folder made for this run goes when the run ends (SIGTERM included).
        defer { if temporary { try? FileManager.default.removeItem(atPath: folder) } }
        let privateCAs = privateCA.map { [$0.arn: [$0.authority.certificate]] } ?? [:]
        let state = try EmulatorState(folder: folder, accountID: account, region: region, privateCAs: privateCAs)
        let quickStart = !trustAnchorCa.isEmpty || !privateCAFiles.isEmpty || config != nil
        let defaults = quickStart
            ? try await state.seed(configuration: configuration, quickStartCAFiles: trustAnchorCa + privateCAFiles) : nil
        let tls: EmulatorTLSIdentity
        switch (tlsCert, tlsKey) {
        case (let cert?, let key?): tls = try EmulatorTLSIdentity.load(certificatePath: cert, keyPath: key)
        case (nil, nil): tls = try EmulatorTLSIdentity.generate()
        default: throw RolesAnywhereError(.invalidArgument, "--tls-cert and --tls-key go together")
        }
        let caPath = (folder as NSString).appendingPathComponent("tls-ca.pem")
        guard FileManager.default.createFile(atPath: caPath, contents: Data(tls.caPEM.utf8), attributes: [.posixPermissions: 0o644]) else {
            throw RolesAnywhereError(.unwritableFile, "cannot write the TLS CA to '\(caPath)'")
        }
        let log: AuditLog?
        do {
            log = try auditLog.map { try AuditLog(path: Self.absolute($0)) }
        } catch {
            throw RolesAnywhereError(.unwritableFile, "\(error)")
        }
        var server = EmulatorServer(
            port: port, tls: tls, caBundlePath: caPath, state: state, defaults: defaults, auditLog: log)
        server.privateCA = privateCA
        try await server.run { line in
            FileHandle.standardOutput.write(Data((line.json + "\n").utf8))
        }
    }

    /// `path` made absolute, so what the ready line prints works from any folder.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    private static func makeTemporaryFolder() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("roles-anywhere-emulator-\(getpid())-\(UUID().uuidString.prefix(8))")
        return path
    }
}
