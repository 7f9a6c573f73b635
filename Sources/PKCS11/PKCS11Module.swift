internal import CPKCS11

/// A loaded and initialized PKCS #11 module (a Cryptoki library such as SoftHSM,
/// OpenSC or p11-kit's proxy).
///
/// Modules are loaded once per process and never unloaded: ``load(path:)`` and
/// ``load(moduleName:)`` return the same instance for the same module, because
/// Cryptoki allows one `C_Initialize` per process and a `C_Finalize` would pull
/// the rug from under every other user of the module.
///
/// ```swift
/// let module = try PKCS11Module.load(path: "/usr/lib/softhsm/libsofthsm2.so")
/// for slot in try module.slots() {
///     print(try slot.tokenInfo().label)
/// }
/// ```
///
/// The module is initialized with `CKF_OS_LOCKING_OK`, so it may be called from
/// several threads; a single ``Session`` serializes its own calls.
public final class PKCS11Module: @unchecked Sendable {
    // @unchecked: every stored property is immutable; the function list belongs to a
    // module initialized with CKF_OS_LOCKING_OK, which makes it callable from any thread.

    /// The file the module was first loaded from (as given, before resolving links), or the
    /// file p11-kit reports for a module loaded by name.
    public let path: String

    /// The p11-kit registry name, for modules loaded with ``load(moduleName:)``.
    public let name: String?

    /// The module's `CK_FUNCTION_LIST`.
    let functions: UnsafeMutablePointer<CK_FUNCTION_LIST>

    init(path: String, name: String?, functions: UnsafeMutablePointer<CK_FUNCTION_LIST>) {
        self.path = path
        self.name = name
        self.functions = functions
    }

    /// Loads the module at `path`, or p11-kit's proxy module when `path` is nil.
    ///
    /// The proxy (`p11-kit-proxy.so`) exposes every module registered with p11-kit
    /// (files in `/usr/share/p11-kit/modules/`, `/etc/pkcs11/modules/`,
    /// `~/.config/pkcs11/modules/`). It is looked for next to `libp11-kit.so`, then
    /// in the usual library folders.
    ///
    /// - Throws: ``PKCS11LibraryError`` with code `.moduleNotFound` (`no file at PATH`),
    ///   `.moduleLoadFailed` or `.notAModule` (no `C_GetFunctionList` symbol);
    ///   ``PKCS11Error`` when `C_GetFunctionList` or `C_Initialize` fails.
    public static func load(path: String?) throws -> PKCS11Module {
        let resolved = try path ?? proxyModulePath()
        return try ModuleRegistry.shared.module(forPath: resolved)
    }

    /// Loads the module that p11-kit's registry knows as `moduleName` (the name of its
    /// `.module` file, e.g. `softhsm2`), through `p11_kit_modules_load`.
    ///
    /// - Throws: ``PKCS11LibraryError`` with code `.moduleNotFound` listing the
    ///   registered names when none matches; ``PKCS11Error`` when initialization fails.
    public static func load(moduleName: String) throws -> PKCS11Module {
        try ModuleRegistry.shared.module(named: moduleName)
    }

    /// Module information (`C_GetInfo`).
    public func info() throws -> ModuleInfo {
        let getInfo = try function(\.C_GetInfo, "C_GetInfo")
        var info = CK_INFO()
        try PKCS11Error.check(getInfo(&info), "C_GetInfo")
        return ModuleInfo(info)
    }

    /// The module's slots (`C_GetSlotList`); by default only those holding a token.
    public func slots(withTokenPresent: Bool = true) throws -> [Slot] {
        let getSlotList = try function(\.C_GetSlotList, "C_GetSlotList")
        let present: UInt8 = withTokenPresent ? 1 : 0
        let ids = try Self.fetchList(of: CK_SLOT_ID.self, "C_GetSlotList") { buffer, count in
            getSlotList(present, buffer, count)
        }
        return ids.map { Slot(module: self, id: $0) }
    }

    /// The function `keyPath` of the function list, or a `CKR_FUNCTION_NOT_SUPPORTED`
    /// error naming `name` when the module leaves it empty.
    func function<Function>(_ keyPath: KeyPath<CK_FUNCTION_LIST, Function?>, _ name: String) throws -> Function {
        guard let function = functions.pointee[keyPath: keyPath] else {
            throw PKCS11Error(code: .functionNotSupported, function: name)
        }
        return function
    }

    /// Runs Cryptoki's two-call idiom for a list: ask for the count, then fill a
    /// buffer, retrying while the list grows (`CKR_BUFFER_TOO_SMALL`).
    static func fetchList<Element>(
        of _: Element.Type, _ name: String,
        _ call: (UnsafeMutablePointer<Element>?, UnsafeMutablePointer<UInt>) -> UInt
    ) throws -> [Element] {
        for _ in 0..<8 {
            var count: UInt = 0
            try PKCS11Error.check(call(nil, &count), name)
            if count == 0 {
                return []
            }
            let capacity = Int(count)
            let buffer = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
            defer { buffer.deallocate() }
            let rv = call(buffer, &count)
            if rv == PKCS11ReturnValue.bufferTooSmall.rawValue {
                continue
            }
            try PKCS11Error.check(rv, name)
            return Array(UnsafeBufferPointer(start: buffer, count: min(Int(count), capacity)))
        }
        throw PKCS11Error(code: .bufferTooSmall, function: name)
    }
}

extension PKCS11Module: CustomStringConvertible {
    /// The registry name or the path of the module.
    public var description: String {
        name.map { "p11-kit module \($0) (\(path))" } ?? path
    }
}

extension PKCS11Module: Hashable {
    /// Modules are the same when they are the same loaded instance.
    public static func == (lhs: PKCS11Module, rhs: PKCS11Module) -> Bool {
        lhs === rhs
    }

    /// Hashes the instance identity.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(self))
    }
}
