import PKCS11
import XCTest

final class PKCS11ModuleTests: XCTestCase {
    func testLoadsSoftHSMByPathAndSeesTheTestTokens() throws {
        let module = try SoftHSM.module()
        let labels = try module.slots().map { try $0.tokenInfo().label }
        XCTAssertTrue(labels.contains("ra-test"), "\(labels)")
        XCTAssertTrue(labels.contains("ra-second"), "\(labels)")
        let info = try module.info()
        XCTAssertEqual(info.manufacturer, "SoftHSM")
        XCTAssertEqual(info.cryptokiVersion.major, 2)
    }

    func testLoadsEachModuleOncePerProcess() throws {
        let first = try SoftHSM.module()
        let second = try PKCS11Module.load(path: SoftHSM.modulePath)
        XCTAssertTrue(first === second)
        // The Debian path is a symbolic link to the same file: still the same module.
        let resolved = try PKCS11Module.load(path: "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
        XCTAssertTrue(first === resolved)
    }

    func testMissingPathIsReportedClearly() {
        XCTAssertThrowsError(try PKCS11Module.load(path: "/nonexistent/libnothing.so")) { error in
            guard let error = error as? PKCS11LibraryError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.code, .moduleNotFound)
            XCTAssertEqual(error.description, "no file at /nonexistent/libnothing.so")
        }
    }

    func testLibraryWithoutFunctionListIsNotAModule() {
        let zlib = "/usr/lib/x86_64-linux-gnu/libz.so.1"
        XCTAssertThrowsError(try PKCS11Module.load(path: zlib)) { error in
            guard let error = error as? PKCS11LibraryError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.code, .notAModule)
            XCTAssertEqual(error.description, "\(zlib) is not a PKCS#11 module (no C_GetFunctionList symbol)")
        }
    }

    func testFileThatIsNoLibraryFailsToLoad() {
        XCTAssertThrowsError(try PKCS11Module.load(path: "/etc/hostname")) { error in
            XCTAssertEqual((error as? PKCS11LibraryError)?.code, .moduleLoadFailed, "\(error)")
        }
    }

    func testProxyModuleSeesSoftHSMTokensThroughP11KitRegistry() throws {
        _ = try SoftHSM.directory()
        let proxyPath = try PKCS11Module.proxyModulePath()
        XCTAssertTrue(proxyPath.hasSuffix("/p11-kit-proxy.so"), proxyPath)
        let proxy = try PKCS11Module.load(path: nil)
        XCTAssertTrue(proxy === (try PKCS11Module.load(path: nil)))
        XCTAssertFalse(proxy === (try SoftHSM.module()))
        let labels = try proxy.slots().map { try $0.tokenInfo().label }
        XCTAssertTrue(labels.contains("ra-test"), "\(labels)")
        XCTAssertTrue(labels.contains("ra-second"), "\(labels)")
    }

    func testLoadsRegisteredModuleByName() throws {
        _ = try SoftHSM.directory()
        let module = try PKCS11Module.load(moduleName: "softhsm2")
        XCTAssertEqual(module.name, "softhsm2")
        XCTAssertTrue(module.path.hasSuffix("libsofthsm2.so"), module.path)
        XCTAssertTrue(module === (try PKCS11Module.load(moduleName: "softhsm2")))
        let labels = try module.slots().map { try $0.tokenInfo().label }
        XCTAssertTrue(labels.contains("ra-test"), "\(labels)")
    }

    func testUnknownRegisteredNameListsTheKnownOnes() {
        XCTAssertThrowsError(try PKCS11Module.load(moduleName: "no-such-module")) { error in
            guard let error = error as? PKCS11LibraryError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.code, .moduleNotFound)
            XCTAssertTrue(error.message.hasPrefix("p11-kit has no module named no-such-module"), error.message)
            XCTAssertTrue(error.message.contains("softhsm2"), error.message)
        }
    }

    func testModulesAreSafeToUseFromSeveralThreads() throws {
        let module = try SoftHSM.module()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            do {
                for slot in try module.slots() {
                    _ = try slot.tokenInfo()
                }
            } catch {
                XCTFail("\(error)")
            }
        }
    }
}
