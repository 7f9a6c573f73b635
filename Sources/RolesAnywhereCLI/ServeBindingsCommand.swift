import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import RolesAnywhere
import RolesAnywhereServe
import RolesAnywhereTools
import Synchronization

/// `roles-anywhere serve --config FILE`: several roles in one server, each binding with its
/// own key, role, refresher and container-credentials path `/roles/<name>`; IMDS serves the
/// default binding. Reached from ``Main`` when `serve` has `--config` (its key and session
/// flags then come from the file, so ``ServeCommand``'s required flags do not apply).
struct ServeBindingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve")

    @Option(help: "The bindings file (YAML or JSON).")
    var config: String

    @Option(help: "Port on the loopback address (0 picks a free one).")
    var port: Int = 9911

    @Option(help: "Loopback address to listen on: 127.0.0.1 or ::1.")
    var listen: String = "127.0.0.1"

    @Option(help: "IP TTL / IPv6 hop limit of served connections (1 keeps packets on this host).")
    var hopLimit: Int = 1

    @OptionGroup var refresh: RefreshOptions

    /// One binding, ready to refresh.
    private struct Prepared: Sendable {
        let binding: RoleBinding
        let request: CreateSessionRequest
        let isDefault: Bool
        let tokenFile: String?
    }

    func run() async throws {
        try ServeCommand.checkPlacement(listen: listen, port: port, hopLimit: hopLimit)
        let margin = try refresh.margin()
        let logger = CommandLogger.make(debug: refresh.debug)
        // Everything is checked before anything starts: a bad binding is one line, nothing half-started.
        let bindings = try ServeConfigFile.load(config)
        var backends: [String: any SigningBackend] = [:]
        var prepared: [Prepared] = []
        for binding in bindings {
            let request = try binding.session.makeRequest()
            let token = try ServeCommand.containerToken(file: binding.authTokenFile)
            // Bindings with the same key share one backend: one token session, one login.
            let key = binding.key
            let keyIdentity = [
                key.certificate, key.privateKey ?? "", key.pkcs11Lib ?? "", key.intermediates ?? "", key.pinEnv ?? "",
                key.pinCommand ?? "", key.passwordEnv ?? "", key.reusePin ? "reuse" : "",
            ].joined(separator: "\u{0}")
            let backend = try backends[keyIdentity] ?? binding.key.makeBackend()
            backends[keyIdentity] = backend
            // Log lines name their binding.
            var bindingLogger = logger
            bindingLogger[metadataKey: "binding"] = "\(binding.name)"
            let client = try CreateSessionClient(
                configuration: try binding.connection.makeConfiguration(for: request.endpoint.host), logger: bindingLogger)
            let refresher = CredentialRefresher(
                client: client, request: request, backend: backend, refreshMargin: margin, logger: bindingLogger)
            prepared.append(Prepared(
                binding: RoleBinding(name: binding.name, refresher: refresher, authorizationToken: token),
                request: request, isDefault: binding.isDefault, tokenFile: binding.authTokenFile))
        }
        // Each binding fetches once, all at the same time. Serving starts when all have an answer,
        // or (when at least one has credentials) after at most `startWait`: a binding that fails
        // or hangs is reported when it ends and retried by its refresher, and never holds up the
        // others. Only when none works does serve stop.
        let outcomes = FirstFetches()
        for item in prepared {
            Task {
                var failure: (any Error)?
                do { _ = try await item.binding.refresher.refresh() } catch { failure = error }
                outcomes.record(item.binding.name, failure)
            }
        }
        let started = ContinuousClock.now
        var reported = 0
        var failures: [(name: String, error: any Error)] = []
        while true {
            let seen = outcomes.all
            for outcome in seen.dropFirst(reported) {
                if let error = outcome.error {
                    failures.append((outcome.name, error))
                    Self.warn(outcome.name, error)
                }
            }
            reported = seen.count
            if seen.count == prepared.count { break }
            if failures.count < seen.count, ContinuousClock.now - started > Self.startWait { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        if failures.count == prepared.count, let first = failures.first { throw first.error }
        if reported < prepared.count {
            // Bindings still fetching: report their failures when they come.
            let already = reported
            Task {
                var shown = already
                while shown < prepared.count {
                    try? await Task.sleep(for: .milliseconds(200))
                    let seen = outcomes.all
                    for outcome in seen.dropFirst(shown) { if let error = outcome.error { Self.warn(outcome.name, error) } }
                    shown = seen.count
                }
            }
        }
        try await serve(prepared)
    }

    /// The first fetch of each binding, as they end.
    private final class FirstFetches: Sendable {
        private let list = Mutex<[(name: String, error: (any Error)?)]>([])
        func record(_ name: String, _ error: (any Error)?) { list.withLock { $0.append((name, error)) } }
        var all: [(name: String, error: (any Error)?)] { list.withLock { $0 } }
    }

    /// The longest start waits for slow bindings once one has credentials.
    static let startWait = Duration.seconds(5)

    private static func warn(_ name: String, _ error: any Error) {
        let line = (error as? RolesAnywhereError)?.commandLineMessage ?? "\(error)"
        StandardError.write("roles-anywhere: WARNING: binding '\(name)' has no credentials yet (retrying): \(line)")
    }

    private func serve(_ prepared: [Prepared]) async throws {
        let main = prepared.first(where: \.isDefault) ?? prepared[0]
        let service = CredentialService(
            refresher: main.binding.refresher, roleName: main.request.roleARN.resourceName, roleBindings: prepared.map(\.binding))
        let server = CredentialServer(service: service, host: listen, port: port, hopLimit: hopLimit)
        let shownHost = listen.contains(":") ? "[\(listen)]" : listen
        let notifier = ServiceManagerNotifier(environment: ProcessInfo.processInfo.environment)
        let address = "\(shownHost):\(port)"
        try await withThrowingTaskGroup(of: Void.self) { group in
            for item in prepared { group.addTask { await item.binding.refresher.run() } }
            if notifier.watchdogInterval != nil { group.addTask { await notifier.runWatchdog() } }
            group.addTask {
                do {
                    try await server.run(onReady: { boundPort in
                        var lines = ["export AWS_EC2_METADATA_SERVICE_ENDPOINT=http://\(shownHost):\(boundPort)/  # binding \(main.binding.name)"]
                        for item in prepared {
                            let uri = "http://\(shownHost):\(boundPort)\(CredentialService.rolesPath)\(item.binding.name)"
                            let token = item.tokenFile.map { "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=\($0)" }
                                ?? "AWS_CONTAINER_AUTHORIZATION_TOKEN=\(item.binding.authorizationToken)"
                            lines.append("export AWS_CONTAINER_CREDENTIALS_FULL_URI=\(uri) \(token)  # binding \(item.binding.name)")
                        }
                        StandardOutput.write(lines.joined(separator: "\n"))
                        notifier.ready(status: "serving \(prepared.count) bindings on http://\(shownHost):\(boundPort)/")
                        StartupPages.release()
                    })
                } catch let error as RolesAnywhereError {
                    throw error
                } catch {
                    throw RolesAnywhereError(.listenFailed, plain: "cannot serve on \(address): \(error)")
                }
            }
            try await group.next()
            notifier.stopping(status: "stopping")
            group.cancelAll()
        }
    }
}
