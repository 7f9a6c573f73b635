import CPKCS11
import Foundation

/// The baseline for the PKCS#11 layer's overhead: `C_SignInit` + `C_Sign` called through
/// the module's raw function list, with no Swift layer in between.
struct BareCryptoki {
    let functions: UnsafeMutablePointer<CK_FUNCTION_LIST>
    let session: CK_SESSION_HANDLE
    let key: CK_OBJECT_HANDLE

    /// Uses the module's raw function list with a session and key the PKCS11 layer opened
    /// and found, so both sides sign on the same session with the same key.
    init(modulePath: String, session: UInt, key: UInt) throws {
        guard let library = dlopen(modulePath, RTLD_NOW | RTLD_LOCAL), let symbol = dlsym(library, "C_GetFunctionList") else {
            throw BenchError("cannot load \(modulePath)")
        }
        var list: UnsafeMutablePointer<CK_FUNCTION_LIST>?
        _ = unsafeBitCast(symbol, to: CK_C_GetFunctionList.self)(&list)
        guard let functions = list else { throw BenchError("no function list") }
        self.functions = functions
        self.session = CK_SESSION_HANDLE(session)
        self.key = CK_OBJECT_HANDLE(key)
    }

    /// One signature: `C_SignInit` then `C_Sign`, with caller-owned buffers reused across
    /// calls so the loop measures Cryptoki alone.
    func sign(mechanism: inout CK_MECHANISM, input: UnsafeMutableBufferPointer<UInt8>, output: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        guard functions.pointee.C_SignInit(session, &mechanism, key) == CKR_OK else { return false }
        var length = CK_ULONG(output.count)
        return functions.pointee.C_Sign(session, input.baseAddress, CK_ULONG(input.count), output.baseAddress, &length) == CKR_OK
    }
}

/// A bench set-up failure.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
