import Foundation
import RolesAnywhereTestSupport
import XCTest

/// The client makes itself undumpable before it reads any secret (no core file; its /proc
/// entries become root's, closed to the user's other processes), and reads arguments as UTF-8
/// only, saying so when a file name is in another encoding.
final class ProcessHardeningTests: XCTestCase {
    func testTheRunningClientIsNotDumpable() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            throw XCTSkip("needs root and setpriv to run the client as another user")
        }
        let fixture = try EndToEndFixture.get()
        let leaf = try fixture.writeLeaf(try fixture.root.issueLeaf(LeafOptions(commonName: "undumpable")), name: "undumpable")
        for path in [leaf.certificate, leaf.key, fixture.files.directory] { chmod(path, path == fixture.files.directory ? 0o755 : 0o644) }
        // A listener that never answers: the client waits in its TLS handshake, long enough to look at it.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        XCTAssertEqual(listen(listener, 4), 0)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        var session = fixture.sessionArguments
        if let index = session.firstIndex(of: "--endpoint") { session[index + 1] = "https://127.0.0.1:\(port)" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", BuiltProducts.rolesAnywhere, "credential-process",
                             "--certificate", leaf.certificate, "--private-key", leaf.key, "--no-cache", "--read-timeout", "3"] + session
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        // setpriv execs the client in the same process: wait until the client runs as uid 65534 and
        // has set itself up (it makes itself undumpable first thing, then waits on the listener).
        let deadline = Date().addingTimeInterval(5)
        var owner: uid_t?
        while Date() < deadline {
            let pid = process.processIdentifier
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            if status.hasPrefix("Name:\troles-anywhere"), status.contains("\nUid:\t65534"), status.contains("\nThreads:\t") {
                var info = stat()
                if stat("/proc/\(pid)/environ", &info) == 0 { owner = info.st_uid }
                if owner == 0 { break }
            }
            usleep(10_000)
        }
        XCTAssertEqual(owner, 0, "an undumpable process's /proc entries belong to root, not to its user (65534)")
    }

    func testAFileNameInAnotherEncodingIsNamedAsSuch() throws {
        // printf makes the byte 0xFF, which no UTF-8 text holds.
        let outcome = try ProcessRunner(
            "/bin/sh", ["-c", "exec \"$0\" credential-process --certificate \"$(printf '\\377.pem')\"", BuiltProducts.rolesAnywhere]
        ).run()
        XCTAssertEqual(outcome.status, 64)
        XCTAssertEqual(
            outcome.stderr,
            "roles-anywhere: argument 3 is not UTF-8 text (a file name in another encoding?): rename the file, or give a link to it whose name is UTF-8\n")
    }
}
