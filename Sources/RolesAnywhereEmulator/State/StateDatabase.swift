import Foundation
import GRDB

/// The emulator's state under `--state-dir`: one SQLite database (through GRDB), written in
/// transactions, so a restart on the same folder serves the same resources and events.
///
/// A file that is not SQLite, or SQLite made by another program, is refused with one line and
/// never replaced: the database is only ever created where no file was.
public final class StateDatabase: Sendable {
    /// The file's name inside the state folder.
    public static let fileName = "emulator.sqlite"
    /// `PRAGMA application_id` of this emulator's databases ("RAEM").
    static let applicationID: Int32 = 0x5241_454D

    let pool: DatabasePool
    /// The database file.
    public let path: String

    /// Opens the database in `folder`, creating it when absent.
    public init(folder: String) throws {
        let path = (folder as NSString).appendingPathComponent(Self.fileName)
        self.path = path
        let existed = FileManager.default.fileExists(atPath: path)
        if existed {
            try Self.checkHeader(path)
        } else {
            // Made 0600 before SQLite opens it: SQLite gives its -wal and -shm files the same
            // mode, and they hold the administrator's keys too.
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else {
                throw EmulatorError("cannot create the state database '\(path)': \(String(cString: strerror(errno)))")
            }
            close(fd)
        }
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // WAL without an fsync per commit: a crash of the machine may lose the last
            // transactions, never corrupt the file; the emulator is a test service.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        configuration.busyMode = .timeout(10)
        do {
            // Whose database it is, read-only: opening the pool would turn on WAL, a change to the file.
            if existed {
                var readOnly = Configuration()
                readOnly.readonly = true
                let queue = try DatabaseQueue(path: path, configuration: readOnly)
                try queue.read { db in
                    let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                    let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                    guard application == Self.applicationID || (application == 0 && tables == 0) else {
                        throw EmulatorError(
                            "the state database '\(path)' belongs to another program (application_id \(application)): "
                                + "choose another --state-dir")
                    }
                }
                try queue.close()
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
            self.pool = pool
        } catch let error as EmulatorError {
            throw error
        } catch let error as DatabaseError {
            throw EmulatorError(
                "the state database '\(path)' cannot be used (\(error.message ?? "SQLite error \(error.resultCode.rawValue)")): "
                    + "move it away or choose another --state-dir")
        }
        for file in [path, path + "-wal", path + "-shm"] { chmod(file, 0o600) }
    }

    /// Refuses a file that does not start with SQLite's header, before SQLite touches it.
    private static func checkHeader(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw EmulatorError("cannot read the state database '\(path)'")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        guard header.isEmpty || header == Data("SQLite format 3\0".utf8) else {
            throw EmulatorError(
                "the state database '\(path)' is not an SQLite database (corrupt or foreign): move it away or choose another --state-dir")
        }
    }

    /// The schema, in versions.
    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(
                sql: """
                    CREATE TABLE setting (name TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE resource (arn TEXT PRIMARY KEY, kind TEXT NOT NULL, document TEXT NOT NULL);
                    CREATE TABLE tag (arn TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (arn, key));
                    CREATE TABLE subject (
                        subjectId TEXT PRIMARY KEY, x509Subject TEXT NOT NULL UNIQUE, enabled INTEGER NOT NULL,
                        createdAt TEXT NOT NULL, lastSeenAt TEXT NOT NULL, updatedAt TEXT NOT NULL);
                    CREATE TABLE subject_credential (
                        subjectId TEXT NOT NULL REFERENCES subject (subjectId), serialNumber TEXT NOT NULL, issuer TEXT NOT NULL,
                        seenAt TEXT NOT NULL, enabled INTEGER NOT NULL, failed INTEGER NOT NULL, certificate TEXT NOT NULL,
                        PRIMARY KEY (subjectId, serialNumber, issuer));
                    CREATE TABLE event (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT, eventId TEXT NOT NULL UNIQUE, eventTime REAL NOT NULL,
                        eventName TEXT NOT NULL, eventSource TEXT NOT NULL, username TEXT, accessKeyId TEXT,
                        readOnly INTEGER NOT NULL, resources TEXT NOT NULL, record TEXT NOT NULL);
                    CREATE INDEX event_time ON event (eventTime);
                    CREATE INDEX event_name ON event (eventName);
                    """)
        }
        migrator.registerMigration("v2: issued credentials") { db in
            try db.execute(
                sql: """
                    CREATE TABLE credential (
                        accessKeyId TEXT PRIMARY KEY, secretAccessKey TEXT NOT NULL, sessionToken TEXT NOT NULL,
                        expiration REAL NOT NULL, arn TEXT NOT NULL, userId TEXT NOT NULL, accountId TEXT NOT NULL);
                    CREATE INDEX credential_expiration ON credential (expiration);
                    """)
        }
        return migrator
    }

    // MARK: - Settings

    /// A stored setting (account, region, administrator keys).
    public func setting(_ name: String) throws -> String? {
        try pool.read { try String.fetchOne($0, sql: "SELECT value FROM setting WHERE name = ?", arguments: [name]) }
    }

    /// Stores settings that are not set yet; answers the values kept.
    public func settings(default values: [String: String]) throws -> [String: String] {
        try pool.write { db in
            for (name, value) in values {
                try db.execute(sql: "INSERT OR IGNORE INTO setting (name, value) VALUES (?, ?)", arguments: [name, value])
            }
            let rows = try Row.fetchAll(db, sql: "SELECT name, value FROM setting")
            return Dictionary(rows.map { ($0["name"] as String, $0["value"] as String) }, uniquingKeysWith: { first, _ in first })
        }
    }

    // MARK: - Resources

    /// Every stored resource, as (kind, JSON document).
    func resources() throws -> [(kind: String, document: String)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, document FROM resource ORDER BY rowid").map { ($0["kind"], $0["document"]) }
        }
    }

    /// Every stored tag, by resource ARN.
    func tags() throws -> [String: [LocalResource.Tag]] {
        try pool.read { db in
            var tags = [String: [LocalResource.Tag]]()
            for row in try Row.fetchAll(db, sql: "SELECT arn, key, value FROM tag ORDER BY rowid") {
                tags[row["arn"], default: []].append(LocalResource.Tag(key: row["key"], value: row["value"]))
            }
            return tags
        }
    }

    /// Runs `body` in one write transaction; `onCommit` runs once it committed, before the next write.
    func write<T: Sendable>(
        _ body: @escaping @Sendable (Database) throws -> T, onCommit: @escaping @Sendable (T) -> Void = { _ in }
    ) async throws -> T {
        try await pool.write { db in
            let result = try body(db)
            db.afterNextTransaction(onCommit: { _ in onCommit(result) })
            return result
        }
    }

    static func put(kind: String, arn: String, document: some Encodable, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO resource (arn, kind, document) VALUES (?, ?, ?) ON CONFLICT (arn) DO UPDATE SET document = excluded.document",
            arguments: [arn, kind, try JSONText.encode(document)])
    }

    static func remove(arn: String, in db: Database) throws {
        try db.execute(sql: "DELETE FROM resource WHERE arn = ?", arguments: [arn])
        try db.execute(sql: "DELETE FROM tag WHERE arn = ?", arguments: [arn])
    }

    static func setTags(_ tags: [LocalResource.Tag], arn: String, in db: Database) throws {
        try db.execute(sql: "DELETE FROM tag WHERE arn = ?", arguments: [arn])
        for tag in tags {
            try db.execute(sql: "INSERT INTO tag (arn, key, value) VALUES (?, ?, ?)", arguments: [arn, tag.key, tag.value])
        }
    }

    // MARK: - Issued credentials

    /// Keeps issued credentials, so STS and the control plane still know them after a restart.
    static func insert(_ record: STSCredentialRecord, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO credential VALUES (?, ?, ?, ?, ?, ?, ?)").execute(
            arguments: [
                record.accessKeyID, record.secretAccessKey, record.sessionToken, record.expiration.timeIntervalSince1970,
                record.assumedRoleARN, record.userID, record.accountID,
            ])
    }

    /// The issued credentials that have not expired (expired ones are dropped).
    func unexpiredCredentials(now: Date) throws -> [STSCredentialRecord] {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM credential WHERE expiration <= ?", arguments: [now.timeIntervalSince1970])
            return try Row.fetchAll(db, sql: "SELECT * FROM credential").map { row in
                STSCredentialRecord(
                    accessKeyID: row["accessKeyId"], secretAccessKey: row["secretAccessKey"], sessionToken: row["sessionToken"],
                    expiration: Date(timeIntervalSince1970: row["expiration"]), assumedRoleARN: row["arn"], userID: row["userId"],
                    accountID: row["accountId"])
            }
        }
    }

    // MARK: - Subjects

    /// Records a certificate seen by CreateSession under its subject (two upserts, no read).
    static func recordSubject(
        id: String, x509Subject: String, credential: LocalResource.Subject.Credential, now: String, in db: Database
    ) throws {
        // Cached statements: CreateSession runs these thousands of times a second.
        try db.cachedStatement(
            sql: """
                INSERT INTO subject (subjectId, x509Subject, enabled, createdAt, lastSeenAt, updatedAt) VALUES (?, ?, 1, ?, ?, ?)
                ON CONFLICT (subjectId) DO UPDATE SET lastSeenAt = excluded.lastSeenAt, updatedAt = excluded.updatedAt
                """
        ).execute(
            arguments: [id, x509Subject, now, now, now])
        try db.cachedStatement(
            sql: """
                INSERT INTO subject_credential (subjectId, serialNumber, issuer, seenAt, enabled, failed, certificate)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (subjectId, serialNumber, issuer) DO UPDATE SET seenAt = excluded.seenAt
                """
        ).execute(
            arguments: [
                id, credential.serialNumber, credential.issuer, credential.seenAt, credential.enabled, credential.failed,
                credential.x509CertificateData,
            ])
    }

    /// A subject by id, with its certificates.
    func subject(id: String, arnPrefix: String) throws -> LocalResource.Subject? {
        try pool.read { db in
            guard var subject = try Row.fetchOne(db, sql: "SELECT * FROM subject WHERE subjectId = ?", arguments: [id])
                .map({ Self.subject($0, arnPrefix: arnPrefix) })
            else { return nil }
            subject.credentials = try Row.fetchAll(
                db, sql: "SELECT * FROM subject_credential WHERE subjectId = ? ORDER BY rowid", arguments: [id]
            ).map { row in
                LocalResource.Subject.Credential(
                    seenAt: row["seenAt"], serialNumber: row["serialNumber"], issuer: row["issuer"], enabled: row["enabled"],
                    x509CertificateData: row["certificate"], failed: row["failed"])
            }
            subject.instanceProperties = []
            return subject
        }
    }

    /// Every subject (without certificates), oldest first.
    func subjects(arnPrefix: String) throws -> [LocalResource.Subject] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM subject ORDER BY rowid").map { Self.subject($0, arnPrefix: arnPrefix) }
        }
    }

    private static func subject(_ row: Row, arnPrefix: String) -> LocalResource.Subject {
        let id: String = row["subjectId"]
        return LocalResource.Subject(
            subjectId: id, subjectArn: arnPrefix + id, x509Subject: row["x509Subject"], enabled: row["enabled"],
            lastSeenAt: row["lastSeenAt"], createdAt: row["createdAt"], updatedAt: row["updatedAt"], credentials: nil,
            instanceProperties: nil)
    }

    // MARK: - Events

    static func insert(_ event: TrailEvent, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO event (eventId, eventTime, eventName, eventSource, username, accessKeyId, readOnly, resources, record)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                event.eventID, event.time.timeIntervalSince1970, event.name, event.source, event.username, event.accessKeyID,
                event.readOnly, ResourceColumn.text(event.resources), event.record,
            ])
    }

    /// An event's resources in one column, `\ntype\tname\n…`: one row per event keeps
    /// CreateSession's writes small, and a lookup by name or type is an exact substring test.
    enum ResourceColumn {
        static func text(_ resources: [(type: String, name: String)]) -> String {
            "\n" + resources.map { "\($0.type)\t\($0.name)\n" }.joined()
        }

        static func resources(_ text: String) -> [(type: String, name: String)] {
            text.split(separator: "\n").compactMap { line in
                let parts = line.split(separator: "\t", maxSplits: 1)
                return parts.count == 2 ? (type: String(parts[0]), name: String(parts[1])) : nil
            }
        }

        /// What `instr` looks for: `\tname\n` or `\ntype\t`.
        static func needle(name: String) -> String { "\t\(name)\n" }
        static func needle(type: String) -> String { "\n\(type)\t" }
    }

    /// Events newest first, filtered by one lookup attribute and a time range, after `before` (a seq).
    func events(matching query: TrailEvent.Query, limit: Int) throws -> (events: [TrailEvent], next: Int64?) {
        try pool.read { db in
            var conditions = ["eventTime >= ?", "eventTime <= ?"]
            var arguments: [any DatabaseValueConvertible] = [query.start.timeIntervalSince1970, query.end.timeIntervalSince1970]
            if let before = query.before {
                conditions.append("seq < ?")
                arguments.append(before)
            }
            if let attribute = query.attribute {
                switch attribute.key {
                case .resourceName, .resourceType:
                    conditions.append("instr(resources, ?) > 0")
                    arguments.append(
                        attribute.key == .resourceName
                            ? ResourceColumn.needle(name: attribute.value) : ResourceColumn.needle(type: attribute.value))
                case .readOnly:
                    conditions.append("readOnly = ?")
                    arguments.append(attribute.value.lowercased() == "true")
                default:
                    conditions.append("\(attribute.key.column) = ?")
                    arguments.append(attribute.value)
                }
            }
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM event WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq DESC LIMIT \(limit + 1)",
                arguments: StatementArguments(arguments))
            var events = [TrailEvent]()
            for row in rows.prefix(limit) {
                let seq: Int64 = row["seq"]
                events.append(
                    TrailEvent(
                        eventID: row["eventId"], time: Date(timeIntervalSince1970: row["eventTime"]), name: row["eventName"],
                        source: row["eventSource"], username: row["username"], accessKeyID: row["accessKeyId"],
                        readOnly: row["readOnly"], resources: ResourceColumn.resources(row["resources"]),
                        record: row["record"], seq: seq))
            }
            return (events, rows.count > limit ? events.last?.seq : nil)
        }
    }

    /// How many events are stored.
    public func eventCount() throws -> Int {
        try pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM event") ?? 0 }
    }
}
