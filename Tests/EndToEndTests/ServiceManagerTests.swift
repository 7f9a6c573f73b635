import Foundation
import RolesAnywhereTestSupport
import XCTest

/// `serve` and `update` under a service manager: the sd_notify datagrams on a real socket
/// (path and abstract), a clean exit 0 on SIGTERM, the shipped unit files verified by
/// `systemd-analyze`, and the PIN from systemd's credentials folder.
final class ServiceManagerTests: XCTestCase {
    /// A datagram socket standing in for systemd's `NOTIFY_SOCKET`.
    private final class NotifySocket {
        let descriptor: Int32
        /// The value for `NOTIFY_SOCKET`.
        let name: String

        init(abstract: Bool, folder: String) throws {
            descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            name = abstract ? "@roles-anywhere-test-\(UUID().uuidString.prefix(8))" : folder + "/notify-\(UUID().uuidString.prefix(6)).sock"
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            var bytes = Array(name.utf8)
            if abstract { bytes[0] = 0 }
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
            let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1))
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
            }
            guard bound == 0 else { throw TestSupportError("cannot bind \(name)") }
            var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit { close(descriptor) }

        /// The datagrams received until one contains `text` (or `timeout` seconds pass).
        func messages(until text: String, timeout: TimeInterval = 20) -> [String] {
            var received: [String] = []
            let deadline = Date().addingTimeInterval(timeout)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while Date() < deadline {
                let count = recv(descriptor, &buffer, buffer.count, 0)
                guard count > 0 else { continue }
                let message = String(decoding: buffer[0..<count], as: UTF8.self)
                received.append(message)
                if message.contains(text) { break }
            }
            return received
        }
    }

    func testServeSaysReadyPingsTheWatchdogAndStopsCleanly() throws {
        let fixture = try EndToEndFixture.get()
        let notify = try NotifySocket(abstract: false, folder: fixture.files.directory)
        let command = try LongRunningCommand(
            ["serve", "--port", "0", "--role-session-name", "notified"] + (try ServeFixture.keyArguments(fixture, name: "notified"))
                + fixture.sessionArguments,
            environment: ["NOTIFY_SOCKET": notify.name, "WATCHDOG_USEC": "400000"])
        _ = try command.lines(1)
        let start = notify.messages(until: "WATCHDOG=1")
        XCTAssertTrue(start.first?.hasPrefix("READY=1\nSTATUS=serving on http://127.0.0.1:") == true, "\(start)")
        XCTAssertTrue(start.first?.contains("credentials valid until 20") == true, "\(start)")
        XCTAssertEqual(start.last, "WATCHDOG=1", "the watchdog is pinged every WATCHDOG_USEC/2")
        let ending = command.stop(signal: SIGTERM)
        XCTAssertFalse(ending.signaled)
        XCTAssertEqual(ending.status, 0, ending.stderr)
        XCTAssertTrue(notify.messages(until: "STOPPING=1").contains { $0.hasPrefix("STOPPING=1") })
    }

    func testUpdateNotifiesAnAbstractSocketAndEndsWithZeroOnSIGINT() throws {
        let fixture = try EndToEndFixture.get()
        let notify = try NotifySocket(abstract: true, folder: fixture.files.directory)
        let credentials = fixture.files.path("notified-credentials-\(UUID().uuidString.prefix(6))")
        let command = try LongRunningCommand(
            ["update", "--credentials-file", credentials] + (try ServeFixture.keyArguments(fixture, name: "notified-update"))
                + fixture.sessionArguments,
            environment: ["NOTIFY_SOCKET": notify.name])
        let ready = notify.messages(until: "READY=1")
        XCTAssertTrue(ready.last?.hasPrefix("READY=1\nSTATUS=wrote [default] of \(credentials), valid until ") == true, "\(ready)")
        let ending = command.stop(signal: SIGINT)
        XCTAssertFalse(ending.signaled)
        XCTAssertEqual(ending.status, 0, ending.stderr)
        XCTAssertTrue(notify.messages(until: "STOPPING=1").contains { $0.hasPrefix("STOPPING=1") })
    }

    func testSIGQUITEndsServeWithoutABacktrace() throws {
        let fixture = try EndToEndFixture.get()
        let command = try LongRunningCommand(
            ["serve", "--port", "0"] + (try ServeFixture.keyArguments(fixture, name: "quit")) + fixture.sessionArguments)
        _ = try command.lines(1)
        let started = Date()
        let ending = command.stop(signal: SIGQUIT)
        XCTAssertTrue(ending.signaled)
        XCTAssertEqual(ending.status, SIGQUIT)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "it ends at once, not after a backtrace and a wait")
        XCTAssertFalse(ending.stderr.contains("Backtrac") || ending.stderr.contains("crashed"), ending.stderr)
    }

    func testTheShippedUnitsPassSystemdAnalyzeVerify() throws {
        let script = SoftHSMTokens.packageRoot.path + "/scripts/verify-units.sh"
        let outcome = try ProcessRunner("/bin/bash", [script], timeout: 300).run()
        XCTAssertEqual(outcome.status, 0, outcome.stdout + outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("units verified: roles-anywhere-serve.service roles-anywhere-update.service"), outcome.stdout)
    }

    func testThePINFromSystemdsCredentialsFolder() throws {
        // LoadCredential=pin:/etc/roles-anywhere/pin gives the service $CREDENTIALS_DIRECTORY/pin
        // (%d/pin in ExecStart): the unit's key URI reads it with pin-source.
        let files = try TestFiles()
        defer { files.removeAll() }
        let folder = files.path("credentials")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let pin = try files.write(SoftHSMTokens.userPIN, name: "credentials/pin")
        chmod(pin, 0o400)
        let ready = try EndToEndFixture.get().emulator.ready
        let ca = try SoftHSMTokens.directory().appendingPathComponent("ca/ca.pem").path
        let emulator = try EmulatorProcess(arguments: ["--trust-anchor-ca", ca], folder: files.directory)
        _ = ready
        let outcome = try ProcessRunner(
            BuiltProducts.rolesAnywhere,
            ["credential-process", "--pkcs11-lib", SoftHSMTokens.modulePath, "--no-cache",
             "--certificate", "pkcs11:token=ra-test;object=ecp256;type=cert?pin-source=file:\(folder)/pin",
             "--trust-anchor-arn", emulator.ready.trustAnchorArn, "--profile-arn", emulator.ready.profileArn,
             "--role-arn", emulator.ready.roleArn, "--endpoint", emulator.ready.endpoint, "--ca-bundle", emulator.ready.caBundle],
            environment: (try SoftHSMTokens.childEnvironment()).merging(["CREDENTIALS_DIRECTORY": folder]) { _, new in new }
        ).run()
        OutputAssertions.assertCredentials(outcome)
    }
}
