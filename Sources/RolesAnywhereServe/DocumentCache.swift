import RolesAnywhere
import Synchronization

/// The credential documents of the credentials held now, made once per credential set and
/// route, so a request costs a lookup instead of JSON and date formatting.
final class DocumentCache: Sendable {
    /// Which document.
    enum Route: Int, Sendable {
        case instanceMetadata = 0
        case container = 1
    }

    private struct Entry {
        var accessKeyID: String
        var expiration: Double
        var fetchedAt: Double
        var body: String
    }

    private let entries = Mutex<[Entry?]>([nil, nil])

    /// The document of `route` for `held`, made with `make` when the held credentials changed.
    func document(_ route: Route, for held: CredentialRefresher.Held, make: () -> String) -> String {
        let expiration = held.credentials.expiration.timeIntervalSince1970
        let fetchedAt = held.fetchedAt.timeIntervalSince1970
        if let cached = entries.withLock({ $0[route.rawValue] }), cached.accessKeyID == held.credentials.accessKeyID,
            cached.expiration == expiration, cached.fetchedAt == fetchedAt
        {
            return cached.body
        }
        let body = make()
        entries.withLock { $0[route.rawValue] = Entry(accessKeyID: held.credentials.accessKeyID, expiration: expiration, fetchedAt: fetchedAt, body: body) }
        return body
    }
}
