import AegisSources

/// Stores pulled Loki entries: each stream once, each entry once (its hash over labels,
/// timestamp and line is the unique key, so pages, chunks and re-syncs never duplicate it),
/// with its parsed columns and typed events.
final class LokiEntryWriter {
    private let cache: Cache
    private let syncID: Int64
    private let parser: LogLineParser
    private var streamIDs: [String: Int64] = [:]
    private let insertStream: SQLiteStatement
    private let selectStream: SQLiteStatement
    private let insertEntry: SQLiteStatement
    private let insertEvent: SQLiteStatement
    private var framing = HashFraming()
    /// Entries stored by this writer so far.
    private(set) var inserted = 0
    /// The entry hashes of the entries stored so far, for the run's seal.
    private(set) var digest = RowSetDigest()

    init(cache: Cache, syncID: Int64, parser: LogLineParser) throws {
        self.cache = cache
        self.syncID = syncID
        self.parser = parser
        let database = cache.database
        insertStream = try cache.attempt {
            try database.prepare("INSERT OR IGNORE INTO loki_streams (labels, job, first_sync_id) VALUES (?1, ?2, ?3)")
        }
        selectStream = try cache.attempt { try database.prepare("SELECT id FROM loki_streams WHERE labels = ?1") }
        insertEntry = try cache.attempt {
            try database.prepare(
                """
                INSERT OR IGNORE INTO loki_entries (stream_id, ts_ns, time, line, format, job, level, service, context,
                    message, audit_id, user_id, ip_address, method, path, status_code, trace_id, fields, entry_hash,
                    first_sync_id)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)
                """)
        }
        insertEvent = try cache.attempt {
            try database.prepare(
                "INSERT INTO loki_events (entry_id, kind, subject_id, subject_name, ts_ns, time) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
            )
        }
    }

    /// Stores one page's entries; returns how many were new to the cache.
    @discardableResult
    func write(_ streams: [LokiStream]) throws -> Int {
        var fresh = 0
        for stream in streams {
            let streamID = try id(of: stream)
            let job = stream.labels["job"]
            for entry in stream.entries {
                let parsed = parser.parse(entry.line, labels: stream.labels)
                let time = NanosecondTime.text(entry.timestamp)
                let statement = insertEntry
                statement.bind(1, streamID)
                statement.bind(2, entry.timestamp)
                statement.bind(3, time)
                statement.bind(4, entry.line)
                statement.bind(5, parsed.format)
                statement.bind(6, job)
                statement.bind(7, parsed.level)
                statement.bind(8, parsed.service)
                statement.bind(9, parsed.context)
                statement.bind(10, parsed.message)
                statement.bind(11, parsed.auditID)
                statement.bind(12, parsed.userID)
                statement.bind(13, parsed.ip)
                statement.bind(14, parsed.method)
                statement.bind(15, parsed.path)
                if let code = parsed.statusCode { statement.bind(16, Int64(code)) } else { statement.bindNull(16) }
                statement.bind(17, parsed.traceID)
                statement.bind(18, parsed.fields)
                let entryHash = hash(streamKey: stream.key, timestamp: entry.timestamp, line: entry.line)
                statement.bindBlob(19, entryHash)
                statement.bind(20, syncID)
                try cache.attempt { try statement.step() }
                statement.reset()
                guard cache.database.changes == 1 else { continue }
                fresh += 1
                digest.add(entryHash)
                let entryID = try cache.scalar("SELECT last_insert_rowid()") ?? 0
                for event in parsed.events {
                    insertEvent.bind(1, entryID)
                    insertEvent.bind(2, event.kind)
                    insertEvent.bind(3, event.subjectID)
                    insertEvent.bind(4, event.subjectName)
                    insertEvent.bind(5, entry.timestamp)
                    insertEvent.bind(6, time)
                    try cache.attempt { try insertEvent.step() }
                    insertEvent.reset()
                }
            }
        }
        inserted += fresh
        return fresh
    }

    private func id(of stream: LokiStream) throws -> Int64 {
        if let known = streamIDs[stream.key] { return known }
        insertStream.bind(1, stream.key)
        insertStream.bind(2, stream.labels["job"])
        insertStream.bind(3, syncID)
        try cache.attempt { try insertStream.step() }
        insertStream.reset()
        selectStream.bind(1, stream.key)
        guard try cache.attempt({ try selectStream.step() }) else {
            throw CacheError.sqlite(
                path: cache.path, SQLiteError(code: 1, message: "stream vanished", operation: "storing a Loki stream"))
        }
        let id = selectStream.int64(0)
        selectStream.reset()
        streamIDs[stream.key] = id
        return id
    }

    /// SHA-256 over the stream's canonical labels, the decimal timestamp and the line, each
    /// framed as 0x01, 4-byte big-endian length, bytes (the row-hash framing of docs/cache.md).
    private func hash(streamKey: String, timestamp: Int64, line: String) -> [UInt8] {
        Self.entryHash(streamKey: streamKey, timestamp: timestamp, line: line, framing: &framing)
    }

    /// The entry hash, with a reusable framing buffer (also used by `verify`).
    static func entryHash(streamKey: String, timestamp: Int64, line: String, framing: inout HashFraming) -> [UInt8] {
        framing.reset()
        for part in [streamKey, String(timestamp), line] { framing.append(part.utf8) }
        return framing.digest()
    }
}
