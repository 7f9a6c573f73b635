import Foundation
import GRDB
import RolesAnywhere
import Synchronization
import X509

/// Everything the local AWS holds: resources, roles, tags, subjects and events in the
/// database, and an in-memory mirror of the resources that every request reads.
///
/// Writes run one at a time in a database transaction; the mirror takes a write's changes
/// when it commits, before the next write starts, so a disabled trust anchor refuses the
/// very next request and a failed write changes nothing.
public final class EmulatorState: Sendable {
    public let accountID: String
    public let region: String
    /// The administrator's keys (`[default]` of ``adminCredentialsPath``).
    public let administrator: STSCredentialRecord
    /// Credentials CreateSession issued, for STS and the control plane.
    public let issued: IssuedCredentialStore
    public let database: StateDatabase
    /// CreateSession's subjects, credentials and events, committed in groups.
    let sessionWriter: WriteBatcher
    /// The 0600 shared-credentials file with the administrator's keys.
    public let adminCredentialsPath: String
    /// CA certificates of ACM Private CAs this emulator acts as, by ARN.
    let privateCAs: [String: [Certificate]]
    private let mirror: Mutex<Mirror>
    /// Held while this emulator runs: one emulator per state folder.
    private let folderLock: Mutex<FileLock?>

    /// Opens (or starts) the state in `folder`.
    public init(
        folder: String, accountID: String = ServiceDirectoryBuilder.defaultAccountID,
        region: String = ServiceDirectoryBuilder.defaultRegion, privateCAs: [String: [Certificate]] = [:]
    ) throws {
        let lockPath = (folder as NSString).appendingPathComponent("emulator.lock")
        do {
            folderLock = Mutex(try FileLock(path: lockPath, timeout: .zero))
        } catch .timedOut {
            throw EmulatorError(
                "the state folder '\(folder)' is in use by another roles-anywhere-emulator: stop it or choose another --state-dir")
        } catch .unusable(_, let cause) {
            throw EmulatorError("cannot lock the state folder '\(folder)' (\(lockPath): \(cause))")
        }
        database = try StateDatabase(folder: folder)
        sessionWriter = WriteBatcher(database: database)
        let keys = try database.settings(default: [
            "accountId": accountID, "region": region,
            "adminAccessKeyId": "AKIA" + CredentialIssuer.random(16, from: CredentialIssuer.upperAlphanumerics),
            "adminSecretAccessKey": CredentialIssuer.random(40, from: CredentialIssuer.secretAlphabet),
            "adminUserId": "AIDA" + CredentialIssuer.random(17, from: CredentialIssuer.upperAlphanumerics),
        ])
        guard keys["accountId"] == accountID, keys["region"] == region else {
            throw EmulatorError(
                "the state in '\(folder)' is for account \(keys["accountId"] ?? "?") in \(keys["region"] ?? "?"), "
                    + "not \(accountID) in \(region): choose another --state-dir")
        }
        self.accountID = accountID
        self.region = region
        self.privateCAs = privateCAs
        administrator = STSCredentialRecord(
            accessKeyID: keys["adminAccessKeyId"] ?? "", secretAccessKey: keys["adminSecretAccessKey"] ?? "", sessionToken: "",
            expiration: .distantFuture, assumedRoleARN: "arn:aws:iam::\(accountID):user/admin", userID: keys["adminUserId"] ?? "",
            accountID: accountID)
        issued = IssuedCredentialStore()
        let now = Date()
        for record in try database.unexpiredCredentials(now: now) { issued.insert(record, now: now) }
        adminCredentialsPath = (folder as NSString).appendingPathComponent("admin-credentials")
        var mirror = Mirror(directory: ServiceDirectory(accountID: accountID, region: region, trustAnchors: [], profiles: []))
        mirror.directory.checksRoles = true
        mirror.privateCAs = privateCAs
        for (kind, document) in try database.resources() {
            mirror.apply(try Change(kind: kind, document: document))
        }
        for (arn, tags) in try database.tags() { mirror.apply(.tags(arn, tags)) }
        self.mirror = Mutex(mirror)
        let file = "[default]\naws_access_key_id = \(administrator.accessKeyID)\naws_secret_access_key = \(administrator.secretAccessKey)\n"
        do {
            try AtomicFileWriter.write(Array(file.utf8), to: adminCredentialsPath)
        } catch {
            throw EmulatorError("cannot write the administrator's credentials to '\(adminCredentialsPath)'")
        }
    }

    /// The resources now.
    public var snapshot: Mirror { mirror.withLock { $0 } }

    /// What CreateSession reads now.
    public var directory: ServiceDirectory { mirror.withLock { $0.directory } }

    /// The credentials of an access key: the administrator's, or ones CreateSession issued.
    public func credentials(for accessKeyID: String) -> STSCredentialRecord? {
        accessKeyID == administrator.accessKeyID ? administrator : issued.record(for: accessKeyID)
    }

    /// `arn:aws:rolesanywhere:REGION:ACCOUNT:KIND/ID`.
    public func arn(_ kind: String, _ id: String) -> String {
        "arn:aws:rolesanywhere:\(region):\(accountID):\(kind)/\(id)"
    }

    /// Runs `body` against the resources in one transaction; its changes reach the database and
    /// then the mirror, or neither. `body` may also write rows (events, subjects) with `db`.
    public func change<T: Sendable>(
        _ body: @escaping @Sendable (Mirror, Database) throws -> (changes: [Change], result: T)
    ) async throws -> T {
        try await database.write({ db in
            let current = self.mirror.withLock { $0 }
            let (changes, result) = try body(current, db)
            for change in changes { try change.persist(in: db) }
            return (changes, result)
        }, onCommit: { (outcome: (changes: [Change], result: T)) in
            self.mirror.withLock { state in
                for change in outcome.changes { state.apply(change) }
            }
        }).result
    }

    /// Stores an event on its own (a read-only call, or a refused one), with others waiting.
    public func record(_ event: TrailEvent) async {
        try? await sessionWriter.write { db in try StateDatabase.insert(event, in: db) }
    }
}

extension EmulatorState {
    /// Managed policies that open the control plane, IAM and CloudTrail to a role's sessions.
    static let administratorPolicy = "arn:aws:iam::aws:policy/AdministratorAccess"
    static let readOnlyPolicy = "arn:aws:iam::aws:policy/ReadOnlyAccess"

    /// Whether `caller` may make a call: the administrator may do anything; a session CreateSession
    /// issued only what its role's attached policies allow (AdministratorAccess everything,
    /// ReadOnlyAccess reads); other policies are not evaluated, so they allow nothing here.
    public func permits(_ caller: STSCredentialRecord, readOnly: Bool) -> Bool {
        if caller.accessKeyID == administrator.accessKeyID { return true }
        let parts = caller.assumedRoleARN.split(separator: "/")
        guard caller.assumedRoleARN.contains(":assumed-role/"), parts.count >= 3 else { return false }
        guard let role = snapshot.role(named: String(parts[1])) else { return false }
        return role.attachedPolicyArns.contains(Self.administratorPolicy)
            || (readOnly && role.attachedPolicyArns.contains(Self.readOnlyPolicy))
    }
}

extension EmulatorState {
    /// A change recorded as a CloudTrail event in the same transaction: `body` also names the
    /// resources it touched and the response elements, which complete `draft`.
    func change<T: Sendable>(
        recording draft: EventDraft,
        _ body: @escaping @Sendable (Mirror) throws -> (
            changes: [Change], result: T, resources: [(type: String, name: String)], response: JSONValue?
        )
    ) async throws -> T {
        try await change { mirror, db in
            let outcome = try body(mirror)
            var completed = draft
            completed.resources = outcome.resources
            try StateDatabase.insert(completed.event(response: outcome.response), in: db)
            return (outcome.changes, outcome.result)
        }
    }
}
