#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
internal import CPKCS11
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The low-level steps of getting a module's function list: `dlopen` and
/// `C_GetFunctionList` for a file, `p11_kit_modules_load` for a registry name,
/// and `C_Initialize`.
enum ModuleLoader {
    /// Opens the shared library at `path` and returns its function list.
    static func openModule(atPath path: String, displayPath: String) throws -> UnsafeMutablePointer<CK_FUNCTION_LIST> {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
            throw PKCS11LibraryError(code: .moduleLoadFailed, message: "cannot load \(displayPath): \(reason)")
        }
        guard let symbol = dlsym(handle, "C_GetFunctionList") else {
            dlclose(handle)
            throw PKCS11LibraryError(
                code: .notAModule,
                message: "\(displayPath) is not a PKCS#11 module (no C_GetFunctionList symbol)")
        }
        // The module stays loaded for the life of the process (see PKCS11Module).
        let getFunctionList = unsafeBitCast(symbol, to: CK_C_GetFunctionList.self)
        var list: UnsafeMutablePointer<CK_FUNCTION_LIST>?
        try PKCS11Error.check(getFunctionList(&list), "C_GetFunctionList")
        guard let list else {
            throw PKCS11LibraryError(
                code: .unexpectedResult, message: "\(displayPath): C_GetFunctionList returned no function list")
        }
        return list
    }

    /// Calls `C_Initialize` with `CKF_OS_LOCKING_OK`; an already initialized module is fine.
    static func initialize(_ functions: UnsafeMutablePointer<CK_FUNCTION_LIST>) throws {
        guard let initialize = functions.pointee.C_Initialize else {
            throw PKCS11Error(code: .functionNotSupported, function: "C_Initialize")
        }
        var arguments = CK_C_INITIALIZE_ARGS()
        arguments.flags = 1 << 1  // CKF_OS_LOCKING_OK
        let rv = withUnsafeMutablePointer(to: &arguments) { initialize(UnsafeMutableRawPointer($0)) }
        if rv != PKCS11ReturnValue.cryptokiAlreadyInitialized.rawValue {
            try PKCS11Error.check(rv, "C_Initialize")
        }
    }

    /// Loads the module p11-kit's registry names `name` (managed by p11-kit, not yet
    /// initialized) and returns it with its file name.
    static func loadRegistered(named name: String) throws -> (UnsafeMutablePointer<CK_FUNCTION_LIST>, String) {
        guard let modules = p11_kit_modules_load(nil, 0) else {
            let reason = p11_kit_message().map { String(cString: $0) } ?? "unknown error"
            throw PKCS11LibraryError(code: .moduleLoadFailed, message: "p11-kit cannot load its module registry: \(reason)")
        }
        defer { free(modules) }
        var found: UnsafeMutablePointer<CK_FUNCTION_LIST>?
        var names: [String] = []
        var index = 0
        while let module = modules[index] {
            index += 1
            let moduleName = takeString(p11_kit_module_get_name(module)) ?? "?"
            names.append(moduleName)
            if found == nil, moduleName == name {
                found = module
            } else {
                p11_kit_module_release(module)
            }
        }
        guard let found else {
            let known = names.isEmpty ? "none" : names.joined(separator: ", ")
            throw PKCS11LibraryError(
                code: .moduleNotFound,
                message: "p11-kit has no module named \(name) (registered: \(known))")
        }
        return (found, takeString(p11_kit_module_get_filename(found)) ?? name)
    }

    /// Converts a `malloc`ed C string to a `String` and frees it.
    static func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
