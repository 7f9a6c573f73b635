#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
internal import CPKCS11

/// A session with a token (`CK_SESSION_HANDLE`).
///
/// Sessions come from ``Slot/openSession(readWrite:)`` and close themselves
/// (`C_CloseSession`) when released. Cryptoki forbids using one session from two
/// threads at once, so every call on a session takes its lock; multi-step
/// operations (find, sign) hold it from their first call to their last, so they
/// never interleave.
///
/// Login state belongs to the token, not the session: once the user is logged in
/// through one session, every session of this application on that token is.
public final class Session: @unchecked Sendable {
    // @unchecked: `handle` is immutable and all Cryptoki calls are made with `lock` held.

    /// The slot the session was opened on.
    public let slot: Slot

    /// The raw session handle.
    let handle: CK_SESSION_HANDLE

    private let lock = PthreadLock(recursive: true)

    init(slot: Slot, handle: CK_SESSION_HANDLE) {
        self.slot = slot
        self.handle = handle
    }

    deinit {
        if let closeSession = slot.module.functions.pointee.C_CloseSession {
            _ = closeSession(handle)
        }
    }

    /// The raw Cryptoki session handle, for calling a module function this layer does not
    /// wrap (and for measuring the layer against bare calls). Calls made with it bypass the
    /// session's lock.
    public var rawHandle: UInt { UInt(handle) }

    /// The module the session belongs to.
    public var module: PKCS11Module { slot.module }

    /// Logs in (`C_Login`).
    ///
    /// `CKR_USER_ALREADY_LOGGED_IN` counts as success for ``UserType/user``, since
    /// the token is then in the state the caller wants.
    ///
    /// - Throws: ``PKCS11Error`` such as `C_Login failed: CKR_PIN_INCORRECT`. A wrong
    ///   PIN counts against the token's retry limit: do not retry it blindly, and check
    ///   ``TokenInfo/flags`` (``TokenFlags/userPinFinalTry``, ``TokenFlags/userPinLocked``).
    public func login(_ userType: UserType, pin: PIN) throws {
        try pin.withUnsafeBytes { bytes, count in
            try login(userType, pinBytes: bytes, count: count)
        }
    }

    /// Logs in through the token's protected authentication path (a PIN pad), passing
    /// no PIN (`C_Login` with `NULL`); see ``TokenFlags/protectedAuthenticationPath``.
    public func loginWithProtectedAuthenticationPath(_ userType: UserType) throws {
        try login(userType, pinBytes: nil, count: 0)
    }

    private func login(_ userType: UserType, pinBytes: UnsafeMutablePointer<UInt8>?, count: Int) throws {
        let login = try module.function(\.C_Login, "C_Login")
        let rv = withLock { login(handle, userType.rawValue, pinBytes, UInt(count)) }
        if userType == .user, rv == PKCS11ReturnValue.userAlreadyLoggedIn.rawValue {
            return
        }
        try PKCS11Error.check(rv, "C_Login")
    }

    /// Logs out (`C_Logout`); logging out when nobody is logged in is not an error.
    public func logout() throws {
        let logout = try module.function(\.C_Logout, "C_Logout")
        let rv = withLock { logout(handle) }
        if rv == PKCS11ReturnValue.userNotLoggedIn.rawValue {
            return
        }
        try PKCS11Error.check(rv, "C_Logout")
    }

    /// The session state (`C_GetSessionInfo`), which tells whether a user is logged in.
    public func state() throws -> SessionState {
        let getSessionInfo = try module.function(\.C_GetSessionInfo, "C_GetSessionInfo")
        var info = CK_SESSION_INFO()
        try PKCS11Error.check(withLock { getSessionInfo(handle, &info) }, "C_GetSessionInfo")
        return SessionState(rawValue: info.state)
    }

    /// Runs `body` with the session lock held.
    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
