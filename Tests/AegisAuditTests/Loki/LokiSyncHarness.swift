import AegisAudit
import AegisSources
import Foundation
import TestSupport

/// A fake Loki with entries, and syncs from it into a fresh cache.
struct LokiSyncHarness {
    let server: FakeLokiServer
    let cachePath: String
    var limit = 5000
    var chunkSeconds: Int64 = 3600
    var retry = RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05, maxRetryAfter: 2)
    var selectors = [#"{job=~"aegis-.+"}"#]

    init(server: FakeLokiServer, label: String = "loki") throws {
        self.server = server
        if server.port == 0 { try server.start() }
        cachePath = try makeTemporaryDirectory(label).appendingPathComponent("c.sqlite").path
    }

    /// Syncs [from, until) nanoseconds (a first pull starts at `from`).
    @discardableResult
    func sync(from: Int64, until: Int64, settings: ((inout LokiSettings) -> Void)? = nil) throws -> SyncReport {
        var lokiSettings = LokiSettings(address: server.baseURL)
        settings?(&lokiSettings)
        var spec = LokiSyncSpec(settings: lokiSettings)
        spec.until = until
        spec.sinceSeconds = (until - from) / 1_000_000_000
        spec.limit = limit
        spec.chunkSeconds = chunkSeconds
        spec.retry = retry
        spec.selectors = selectors
        var options = SyncOptions(cachePath: cachePath, sources: [])
        options.loki = spec
        return try SyncEngine.run(options, redactor: SecretRedactor())
    }

    func integer(_ sql: String, _ arguments: [String] = []) throws -> Int64? {
        try Cache.openForReading(path: cachePath).database.integer(sql, arguments)
    }

    func text(_ sql: String, _ arguments: [String] = []) throws -> String? {
        try Cache.openForReading(path: cachePath).database.text(sql, arguments)
    }
}

/// Nanoseconds of 2026-11-25T00:00:00Z plus an offset.
func day(_ seconds: Int64, nanos: Int64 = 0) -> Int64 { 1_795_564_800_000_000_000 + seconds * 1_000_000_000 + nanos }
