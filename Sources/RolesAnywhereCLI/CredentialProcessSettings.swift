/// Everything `credential-process` takes, as plain values.
struct CredentialProcessSettings {
    var key = KeySettings()
    var session = SessionSettings()
    var connection = ConnectionSettings()
    var cache = CacheSettings()
    var debug = false
}
