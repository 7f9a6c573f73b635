#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
internal import CPKCS11

/// The process-wide table of loaded modules: one ``PKCS11Module`` per module file
/// (after resolving symbolic links) and one per p11-kit registry name.
final class ModuleRegistry: @unchecked Sendable {
    // @unchecked: `modules` is only touched with `lock` held.
    static let shared = ModuleRegistry()

    private let lock = PthreadLock()
    private var modules: [String: PKCS11Module] = [:]

    /// The module loaded from `path`, loading and initializing it on first use.
    func module(forPath path: String) throws -> PKCS11Module {
        guard FileManager.default.fileExists(atPath: path) else {
            throw PKCS11LibraryError(code: .moduleNotFound, message: "no file at \(path)")
        }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return try cached(key: "path:" + resolved) {
            let functions = try ModuleLoader.openModule(atPath: resolved, displayPath: path)
            try ModuleLoader.initialize(functions)
            return PKCS11Module(path: path, name: nil, functions: functions)
        }
    }

    /// The module p11-kit's registry calls `name`, loading it on first use.
    func module(named name: String) throws -> PKCS11Module {
        try cached(key: "name:" + name) {
            let (functions, path) = try ModuleLoader.loadRegistered(named: name)
            let rv = p11_kit_module_initialize(functions)
            if rv != PKCS11ReturnValue.cryptokiAlreadyInitialized.rawValue {
                try PKCS11Error.check(rv, "C_Initialize")
            }
            return PKCS11Module(path: path, name: name, functions: functions)
        }
    }

    private func cached(key: String, load: () throws -> PKCS11Module) throws -> PKCS11Module {
        lock.lock()
        defer { lock.unlock() }
        if let module = modules[key] {
            return module
        }
        let module = try load()
        modules[key] = module
        return module
    }
}
