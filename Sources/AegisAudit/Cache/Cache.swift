import Foundation

/// The local SQLite cache: one file (plus its WAL), mode 0600, schema versioned.
///
/// Opening checks that the file really is an aegis-audit cache of a version this build
/// understands before anything is written to it.
public final class Cache {
    /// The connection to the cache file.
    public let database: SQLiteDatabase
    /// The file.
    public let path: String
    /// Whether this open created the file (a failed first sync removes it again).
    public let wasCreated: Bool
    /// A new cache being built beside `path` (``openForSync(path:)``), until ``publish()``.
    private let staging: StagedCacheFile?

    /// The default location: `$AEGIS_AUDIT_CACHE`, else `./aegis-audit.sqlite`.
    public static var defaultPath: String {
        ProcessInfo.processInfo.environment["AEGIS_AUDIT_CACHE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "aegis-audit.sqlite"
    }

    /// Opens the cache for reading only; `PRAGMA query_only` refuses every write.
    public static func openForReading(path: String) throws(CacheError) -> Cache {
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(path: path) }
        try checkHeader(path: path)
        let database: SQLiteDatabase
        do { database = try SQLiteDatabase(path: path, readOnly: true) } catch { throw .sqlite(path: path, error) }
        let cache = Cache(database: database, path: path, wasCreated: false)
        try cache.checkIdentity(allowEmpty: false)
        try cache.run("PRAGMA query_only = 1")
        try cache.registerFunctions()
        return cache
    }

    /// Opens the cache for a sync, creating it (mode 0600) and migrating its schema as needed.
    public static func openForWriting(path: String) throws(CacheError) -> Cache {
        let created = try createIfMissing(path: path)
        do throws(CacheError) {
            try checkHeader(path: path)
            let database: SQLiteDatabase
            do { database = try SQLiteDatabase(path: path) } catch { throw CacheError.sqlite(path: path, error) }
            let cache = Cache(database: database, path: path, wasCreated: created)
            try cache.checkIdentity(allowEmpty: true)
            try cache.prepareForWriting(journalMode: "WAL", synchronous: "FULL")
            return cache
        } catch {
            if created { removeFiles(path: path) }
            throw error
        }
    }

    /// Opens the cache for a sync. A cache that does not exist yet is built in a staging file
    /// beside `path` without a journal, and appears under `path` only at ``publish()``; an
    /// existing one is opened as ``openForWriting(path:)`` does (WAL, synchronous commits).
    public static func openForSync(path: String) throws(CacheError) -> Cache {
        var status = stat()
        if lstat(path, &status) == 0 || errno != ENOENT { return try openForWriting(path: path) }
        let staging = try StagedCacheFile.create(for: path)
        do throws(CacheError) {
            let database: SQLiteDatabase
            do { database = try SQLiteDatabase(path: staging.stagingPath) } catch {
                throw CacheError.sqlite(path: path, error)
            }
            let cache = Cache(database: database, path: path, wasCreated: true, staging: staging)
            try cache.prepareForWriting(journalMode: "OFF", synchronous: "OFF")
            return cache
        } catch {
            staging.discard()
            throw error
        }
    }

    /// Puts a cache built by ``openForSync(path:)`` in place, durably; nothing for an existing one.
    /// The file is switched to WAL first, as every cache is, so that the next sync's open
    /// changes nothing in it; nothing is written after that.
    public func publish() throws(CacheError) {
        guard let staging else { return }
        try run("PRAGMA journal_mode = WAL")
        try staging.publish()
    }

    /// Removes what this open created (after a failed sync): the staging file, or a new file.
    public func discard() {
        if let staging {
            staging.discard()
        } else if wasCreated {
            Cache.removeFiles(path: path)
        }
    }

    private init(database: SQLiteDatabase, path: String, wasCreated: Bool, staging: StagedCacheFile? = nil) {
        self.database = database
        self.path = path
        self.wasCreated = wasCreated
        self.staging = staging
    }

    /// The schema version of the open cache.
    public var schemaVersion: Int {
        get throws(CacheError) { Int(try scalar("PRAGMA user_version") ?? 0) }
    }

    /// Runs statements, turning SQLite's error into a ``CacheError`` that names the file.
    public func run(_ sql: String) throws(CacheError) {
        do { try database.execute(sql) } catch { throw .sqlite(path: path, error) }
    }

    func scalar(_ sql: String) throws(CacheError) -> Int64? {
        do { return try database.integer(sql) } catch { throw .sqlite(path: path, error) }
    }

    /// Removes the cache file and its WAL and shared-memory files.
    static func removeFiles(path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }

    private static func createIfMissing(path: String) throws(CacheError) -> Bool {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
            return true
        }
        if errno == EEXIST { return false }
        throw .fileSystem(path: path, operation: "creating the cache", reason: String(cString: strerror(errno)))
    }

    /// A non-empty file must start with SQLite's magic header, hold whole pages, and its header
    /// must not name another application or a newer schema. All read from the file's first 100
    /// bytes, before SQLite opens it: a refused file gets no WAL or shared-memory file beside it.
    /// (The checks after opening still run: the WAL may hold a newer first page.)
    private static func checkHeader(path: String) throws(CacheError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .fileSystem(path: path, operation: "opening", reason: String(cString: strerror(errno)))
        }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        guard !header.isEmpty else { return }
        guard header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw .notACache(path: path, reason: "not an SQLite database")
        }
        guard header.count == 100 else { throw .notACache(path: path, reason: "cut short inside its header") }
        func bigEndian(_ offset: Int, _ count: Int) -> Int64 {
            header[offset..<offset + count].reduce(0) { $0 << 8 | Int64($1) }
        }
        let pageSize = bigEndian(16, 2) == 1 ? 65_536 : bigEndian(16, 2)
        let size = (try? handle.seekToEnd()).map { Int64($0) } ?? 0
        guard pageSize >= 512, size % pageSize == 0 else {
            throw .notACache(
                path: path, reason: "cut short: \(size) bytes is not a whole number of \(pageSize)-byte pages")
        }
        let applicationID = bigEndian(68, 4), version = bigEndian(60, 4)
        if applicationID != 0 && applicationID != CacheSchema.applicationID {
            throw .notACache(path: path, reason: "an SQLite database of another application")
        }
        if applicationID == CacheSchema.applicationID && version > CacheSchema.latestVersion {
            throw .newerSchema(path: path, found: Int(version), supported: CacheSchema.latestVersion)
        }
    }

    /// The application id must be ours (or the file brand new), the version one we know.
    private func checkIdentity(allowEmpty: Bool) throws(CacheError) {
        let applicationID = try scalar("PRAGMA application_id") ?? 0
        let version = Int(try scalar("PRAGMA user_version") ?? 0)
        if applicationID != CacheSchema.applicationID {
            let objects = try scalar("SELECT count(*) FROM sqlite_schema") ?? 0
            let empty = applicationID == 0 && version == 0 && objects == 0
            // An empty file is what a first sync killed before it wrote anything leaves.
            if empty && !allowEmpty { throw .notACache(path: path, reason: "an empty file: no sync has completed") }
            guard empty else { throw .notACache(path: path, reason: "an SQLite database of another application") }
        }
        guard version <= CacheSchema.latestVersion else {
            throw .newerSchema(path: path, found: version, supported: CacheSchema.latestVersion)
        }
    }

    /// Journal and durability settings, a 16 MB page cache, the SQL functions, and the schema
    /// migrated to the latest version.
    private func prepareForWriting(journalMode: String, synchronous: String) throws(CacheError) {
        try run("PRAGMA journal_mode = \(journalMode)")
        try run("PRAGMA synchronous = \(synchronous)")
        try run("PRAGMA cache_size = -16384")
        try registerFunctions()
        try migrate()
    }

    /// Makes aegis-audit's SQL functions (`regexp`, `cidr_match`, `time_bin`, ...) available.
    private func registerFunctions() throws(CacheError) {
        do { try database.registerAuditFunctions() } catch { throw .sqlite(path: path, error) }
    }

    /// Applies the migrations this cache has not seen, each in its own transaction.
    private func migrate() throws(CacheError) {
        var version = try schemaVersion
        while version < CacheSchema.latestVersion {
            let migration = CacheSchema.migrations[version]
            version += 1
            try run(
                "BEGIN IMMEDIATE; \(migration); PRAGMA application_id = \(CacheSchema.applicationID); "
                    + "PRAGMA user_version = \(version); COMMIT;")
        }
    }
}

extension Cache {
    /// Runs a SQLite call, naming the cache file in its error.
    @discardableResult
    func attempt<T>(_ body: () throws -> T) throws(CacheError) -> T {
        do { return try body() } catch let error as SQLiteError {
            throw .sqlite(path: path, error)
        } catch let error as CacheError {
            throw error
        } catch {
            throw .sqlite(path: path, SQLiteError(code: 1, message: "\(error)", operation: "cache access"))
        }
    }
}
