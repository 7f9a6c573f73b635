#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Tells systemd (or any service manager speaking the sd_notify protocol) how a long-running
/// command is doing: `READY=1` once it has credentials, `STATUS=` lines, `WATCHDOG=1` pings,
/// `STOPPING=1` on the way out.
///
/// The protocol is one datagram of `KEY=value` lines to the `AF_UNIX` socket named by
/// `NOTIFY_SOCKET` (a path, or `@name` for an abstract socket). Written here rather than
/// linking libsystemd: it is ten lines of socket calls, and the client stays free of it.
/// Without `NOTIFY_SOCKET` every call does nothing.
public struct ServiceManagerNotifier: Sendable {
    private let socketPath: String?
    /// How often to ping the watchdog (half of `WATCHDOG_USEC`), when the manager wants pings.
    public let watchdogInterval: Duration?

    /// A notifier for the socket and watchdog this process was started with.
    public init(environment: [String: String]) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        let forUs = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if path != nil, forUs, let text = environment["WATCHDOG_USEC"], let micros = UInt64(text), micros > 0 {
            // At least 50 ms between pings: a tiny WATCHDOG_USEC must not become a busy loop.
            watchdogInterval = .microseconds(Int64(max(micros / 2, 50_000)))
        } else {
            watchdogInterval = nil
        }
    }

    /// Whether a service manager listens.
    public var isActive: Bool { socketPath != nil }

    /// Whether `READY=1` was sent (a refresh before it is not reported).
    private let readiness = Readiness()

    private final class Readiness: Sendable {
        private let sent = Mutex(false)
        var isSent: Bool { sent.withLock { $0 } }
        func mark() { sent.withLock { $0 = true } }
    }

    /// `READY=1` with a status line.
    public func ready(status: String) {
        readiness.mark()
        send("READY=1\nSTATUS=\(Self.oneLine(status))")
    }

    /// A `STATUS=` line for a refresh, once the service is ready (the first fetch is told by `READY=1`).
    public func refreshed(status text: String) {
        guard readiness.isSent else { return }
        status(text)
    }

    /// A `STATUS=` line, shown by `systemctl status`.
    public func status(_ text: String) { send("STATUS=\(Self.oneLine(text))") }

    /// `WATCHDOG=1`: still alive.
    public func watchdog() { send("WATCHDOG=1") }

    /// `STOPPING=1` with a status line.
    public func stopping(status: String) { send("STOPPING=1\nSTATUS=\(Self.oneLine(status))") }

    /// Pings the watchdog every ``watchdogInterval`` until the task is cancelled.
    public func runWatchdog() async {
        guard let interval = watchdogInterval else { return }
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if !Task.isCancelled { watchdog() }
        }
    }

    /// Sends one datagram; failures are ignored, as sd_notify does.
    public func send(_ message: String) {
        guard let path = socketPath else { return }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }  // abstract namespace
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (bytes.first == 0 ? 0 : 1))
        let payload = Array(message.utf8)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                payload.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), socketAddress, length) }
            }
        }
    }

    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
