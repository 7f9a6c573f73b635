import Foundation
import PKCS11
import RolesAnywhereTestSupport
import XCTest

/// The SoftHSM token store the tests share (built once per test process by
/// `SoftHSMTokens` from RolesAnywhereTestSupport), with helpers for these tests.
enum SoftHSM {
    static let modulePath = "/usr/lib/softhsm/libsofthsm2.so"
    static let userPIN = "1234"
    static let soPIN = "5678"
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The token folder, set up on first use; every test that touches a module calls it.
    static func directory() throws -> URL {
        try setup.get()
    }

    /// Shared with the other test targets, so one test process builds the tokens once.
    private static let setup: Result<URL, any Error> = Result { try SoftHSMTokens.directory() }

    /// SoftHSM loaded directly.
    static func module() throws -> PKCS11Module {
        _ = try directory()
        return try PKCS11Module.load(path: modulePath)
    }

    /// The slot holding the token labelled `label`.
    static func slot(token label: String, in module: PKCS11Module? = nil) throws -> Slot {
        let module = try module ?? self.module()
        for slot in try module.slots() where try slot.tokenInfo().label == label {
            return slot
        }
        throw SetupError(message: "no token \(label)")
    }

    /// A session on `token` with the user logged in.
    static func userSession(token: String = "ra-test", readWrite: Bool = false) throws -> Session {
        let session = try slot(token: token).openSession(readWrite: readWrite)
        try session.login(.user, pin: PIN(userPIN))
        return session
    }

    /// The one object with `label` and `objectClass` on `session`'s token.
    static func object(_ label: String, _ objectClass: ObjectClass, in session: Session) throws -> ObjectHandle {
        let found = try session.findObjects([.objectClass(objectClass), .label(label)])
        guard found.count == 1 else { throw SetupError(message: "\(found.count) objects \(label)") }
        return found[0]
    }

    /// The PEM certificate the setup script wrote for `name`.
    static func certificatePath(_ name: String) throws -> String {
        try directory().appendingPathComponent("certs/\(name).pem").path
    }

    struct SetupError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    struct ProcessResult {
        var status: Int32
        var output: Data
        var errorText: String
    }

    /// Runs a program, feeding `input` on standard input.
    static func run(_ executable: String, _ arguments: [String], input: Data? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        let inputPipe = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = inputPipe
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(input)
        }
        try inputPipe.fileHandleForWriting.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, output: outputData,
            errorText: String(decoding: errorData, as: UTF8.self))
    }
}
