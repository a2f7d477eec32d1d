import Foundation
import TestSupport
import Testing

/// Every place a secret could end up after a sync: the command's output, the cache file (and
/// its WAL and shared memory), the `sync_runs` record, `status` and `verify` output, exports
/// and their manifests. Each check also asserts the files are private to their owner (0600).
struct SecretSinks {
    let secrets: [String]
    let folder: URL

    /// Fails when any secret occurs in `text`.
    func expectAbsent(
        from text: String, _ place: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for secret in secrets {
            #expect(!text.contains(secret), "\(place) holds a secret", sourceLocation: sourceLocation)
        }
    }

    /// Fails when any secret occurs in the file's bytes, or the file is not mode 0600.
    func expectAbsent(
        fromFile path: String, _ place: String, requirePrivate: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let bytes = fileBytes(path) else { return }
        for secret in secrets {
            #expect(
                bytes.range(of: Data(secret.utf8)) == nil, "\(place) holds a secret", sourceLocation: sourceLocation)
        }
        if requirePrivate {
            var info = stat()
            #expect(
                stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600, "\(place) is private to its owner",
                sourceLocation: sourceLocation)
        }
    }

    func expectAbsent(
        from result: ProcessRunner.Result, _ place: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        expectAbsent(from: result.standardOutput, "\(place)'s standard output", sourceLocation: sourceLocation)
        expectAbsent(from: result.standardError, "\(place)'s standard error", sourceLocation: sourceLocation)
    }

    /// After a successful sync into `cache`: the cache, its records, status, exports, manifests.
    func expectCacheAndExportsClean(cache: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        expectAbsent(fromFile: cache, "the cache", sourceLocation: sourceLocation)
        for suffix in ["-wal", "-shm"] {
            expectAbsent(fromFile: cache + suffix, "the cache\(suffix)", sourceLocation: sourceLocation)
        }
        let records = try ProcessRunner.run(
            "/usr/bin/sqlite3",
            [
                "-readonly", cache,
                "SELECT * FROM sync_runs; SELECT * FROM sync_run_sources; SELECT * FROM sync_run_tables;",
            ])
        #expect(records.standardOutput.contains("0.1.0"), "sync_runs was read", sourceLocation: sourceLocation)
        expectAbsent(from: records.standardOutput, "sync_runs", sourceLocation: sourceLocation)
        let status = try CLIRunner.run(["status", "--cache", cache])
        expectAbsent(from: status, "status", sourceLocation: sourceLocation)

        let export = folder.appendingPathComponent("runs.csv").path
        let exported = try CLIRunner.run([
            "export", "--cache", cache, "--table", "sync_run_sources", "--format", "csv", "--output", export,
        ])
        #expect(exported.status == 0, "\(exported.standardError)", sourceLocation: sourceLocation)
        let query = folder.appendingPathComponent("options.jsonl").path
        let queried = try CLIRunner.run([
            "query", "--cache", cache, "--format", "jsonl", "--output", query, "--sql", "SELECT * FROM sync_runs",
        ])
        #expect(queried.status == 0, "\(queried.standardError)", sourceLocation: sourceLocation)
        for (name, path) in [("export", export), ("query --output", query)] {
            #expect(fileBytes(path) != nil, "\(name) wrote its file", sourceLocation: sourceLocation)
            expectAbsent(fromFile: path, name, sourceLocation: sourceLocation)
            expectAbsent(fromFile: path + ".manifest.json", "\(name)'s manifest", sourceLocation: sourceLocation)
        }
    }
}
