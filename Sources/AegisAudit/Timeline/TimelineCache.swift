/// Opens a cache for reading a timeline. A cache written by an older aegis-audit lacks the
/// `timeline` view: it is migrated first (the migrations add views and indexes only; no
/// evidence row changes), then opened read-only.
public enum TimelineCache {
    public static func open(path: String) throws -> Cache {
        let cache = try Cache.openForReading(path: path)
        let version = try cache.schemaVersion
        guard version < CacheSchema.latestVersion else { return cache }
        do {
            _ = try Cache.openForWriting(path: path)
        } catch {
            throw TimelineError.cacheTooOld(path: path, version: version, reason: "\(error)")
        }
        return try Cache.openForReading(path: path)
    }
}
