import CPKCS11
import Foundation

/// The baseline for the PKCS#11 layer's overhead: `C_SignInit` + `C_Sign` called through
/// the module's raw function list, with no Swift layer in between.
struct BareCryptoki {
    let functions: UnsafeMutablePointer<CK_FUNCTION_LIST>
    let session: CK_SESSION_HANDLE
    let key: CK_OBJECT_HANDLE

    /// Opens the module (already initialized by the layer, which is fine), a session on the
    /// token with `tokenLabel`, logs in, and finds the private key labelled `keyLabel`.
    init(modulePath: String, tokenLabel: String, pin: String, keyLabel: String) throws {
        guard let library = dlopen(modulePath, RTLD_NOW | RTLD_LOCAL), let symbol = dlsym(library, "C_GetFunctionList") else {
            throw BenchError("cannot load \(modulePath)")
        }
        var list: UnsafeMutablePointer<CK_FUNCTION_LIST>?
        _ = unsafeBitCast(symbol, to: CK_C_GetFunctionList.self)(&list)
        guard let functions = list else { throw BenchError("no function list") }
        self.functions = functions
        var arguments = CK_C_INITIALIZE_ARGS(
            CreateMutex: nil, DestroyMutex: nil, LockMutex: nil, UnlockMutex: nil, flags: CK_FLAGS(CKF_OS_LOCKING_OK), pReserved: nil)
        let initialized = functions.pointee.C_Initialize(&arguments)
        guard initialized == CKR_OK || initialized == CKR_CRYPTOKI_ALREADY_INITIALIZED else { throw BenchError("C_Initialize: \(initialized)") }
        var count: CK_ULONG = 0
        _ = functions.pointee.C_GetSlotList(CK_BBOOL(CK_TRUE), nil, &count)
        var slots = [CK_SLOT_ID](repeating: 0, count: Int(count))
        _ = functions.pointee.C_GetSlotList(CK_BBOOL(CK_TRUE), &slots, &count)
        var chosen: CK_SLOT_ID?
        for slot in slots.prefix(Int(count)) {
            var info = CK_TOKEN_INFO()
            guard functions.pointee.C_GetTokenInfo(slot, &info) == CKR_OK else { continue }
            let label = withUnsafeBytes(of: info.label) { String(decoding: $0, as: UTF8.self) }
                .trimmingCharacters(in: .whitespaces)
            if label == tokenLabel { chosen = slot }
        }
        guard let slot = chosen else { throw BenchError("no token \(tokenLabel)") }
        var session: CK_SESSION_HANDLE = 0
        guard functions.pointee.C_OpenSession(slot, CK_FLAGS(CKF_SERIAL_SESSION), nil, nil, &session) == CKR_OK else {
            throw BenchError("C_OpenSession failed")
        }
        self.session = session
        var pinBytes = Array(pin.utf8)
        let login = functions.pointee.C_Login(session, CK_USER_TYPE(CKU_USER), &pinBytes, CK_ULONG(pinBytes.count))
        guard login == CKR_OK || login == CKR_USER_ALREADY_LOGGED_IN else { throw BenchError("C_Login: \(login)") }
        var keyClass = CK_OBJECT_CLASS(CKO_PRIVATE_KEY)
        var labelBytes = Array(keyLabel.utf8)
        var found: CK_OBJECT_HANDLE = 0
        var foundCount: CK_ULONG = 0
        withUnsafeMutableBytes(of: &keyClass) { classBytes in
            labelBytes.withUnsafeMutableBytes { label in
                var template = [
                    CK_ATTRIBUTE(type: CK_ATTRIBUTE_TYPE(CKA_CLASS), pValue: classBytes.baseAddress, ulValueLen: CK_ULONG(classBytes.count)),
                    CK_ATTRIBUTE(type: CK_ATTRIBUTE_TYPE(CKA_LABEL), pValue: label.baseAddress, ulValueLen: CK_ULONG(label.count)),
                ]
                _ = functions.pointee.C_FindObjectsInit(session, &template, CK_ULONG(template.count))
                _ = functions.pointee.C_FindObjects(session, &found, 1, &foundCount)
                _ = functions.pointee.C_FindObjectsFinal(session)
            }
        }
        guard foundCount == 1 else { throw BenchError("no private key \(keyLabel)") }
        self.key = found
    }

    /// One signature: `C_SignInit` then `C_Sign` into a buffer of known size.
    func sign(mechanism type: CK_MECHANISM_TYPE, data: [UInt8], signatureLength: Int) -> Bool {
        var mechanism = CK_MECHANISM(mechanism: type, pParameter: nil, ulParameterLen: 0)
        guard functions.pointee.C_SignInit(session, &mechanism, key) == CKR_OK else { return false }
        var input = data
        var output = [UInt8](repeating: 0, count: signatureLength)
        var length = CK_ULONG(signatureLength)
        return functions.pointee.C_Sign(session, &input, CK_ULONG(input.count), &output, &length) == CKR_OK
    }
}

/// A bench set-up failure.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
