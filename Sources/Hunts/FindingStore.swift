import AegisAudit
import Foundation
import QueryLang

/// Records a hunt run in the cache's `hunt_*` tables (migration 3), in one transaction: the
/// run, each hunt with its parameters, each finding with its row and time, and each evidence
/// row it points at. The hunts themselves read the cache through a read-only connection; this
/// is the only writer, and it writes nothing but these tables.
public enum FindingStore {
    /// A finished run, to be recorded.
    public struct Run: Sendable {
        public let startedAt: String
        public let finishedAt: String
        public let window: HuntRunner.Window
        /// The command line's choices (hunts asked for, `--param`s, `--fail-on`), as JSON.
        public let options: String
        public let outcomes: [HuntOutcome]

        public init(
            startedAt: String, finishedAt: String, window: HuntRunner.Window, options: String, outcomes: [HuntOutcome]
        ) {
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.window = window
            self.options = options
            self.outcomes = outcomes
        }
    }

    /// Opens the cache at `path` for writing (migrating it to the latest schema), records `run`
    /// and returns its id in `hunt_runs`. On failure nothing is recorded. The findings are the
    /// outcomes' own, or, when the hunts ran with ``HuntRunner/run(_:on:spoolingTo:)``, those
    /// of `spool`.
    @discardableResult
    public static func save(_ run: Run, cachePath path: String, spool: FindingSpool? = nil) throws(HuntError) -> Int64 {
        // Never create a cache: the hunts ran on one that exists.
        guard FileManager.default.fileExists(atPath: path) else { throw .store("no cache at \(path)") }
        do { return try record(run, cachePath: path, spool: spool) } catch let error as HuntError {
            throw error
        } catch {
            throw .store("\(error)")
        }
    }

    private static func record(_ run: Run, cachePath path: String, spool: FindingSpool?) throws -> Int64 {
        let cache = try Cache.openForWriting(path: path)
        let database = cache.database
        try cache.run("BEGIN IMMEDIATE")
        do throws(any Error) {
            let insertRun = try database.prepare(
                """
                INSERT INTO hunt_runs (started_at, finished_at, tool_version, window_since, window_until, options)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                """)
            insertRun.bind(1, run.startedAt)
            insertRun.bind(2, run.finishedAt)
            insertRun.bind(3, SyncEngine.toolVersion)
            insertRun.bind(4, run.window.since)
            insertRun.bind(5, run.window.until)
            insertRun.bind(6, run.options)
            _ = try insertRun.step()
            let runID = try database.integer("SELECT last_insert_rowid()") ?? 0
            let insertResult = try database.prepare(
                """
                INSERT INTO hunt_results (run_id, hunt_id, title, severity, techniques, parameters, status, note, findings)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                """)
            let insertFinding = try database.prepare(
                """
                INSERT INTO hunt_findings (run_id, hunt_id, severity, time, summary, row) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                """)
            let insertEvidence = try database.prepare(
                "INSERT OR IGNORE INTO hunt_evidence (finding_id, table_name, row_id) VALUES (?1, ?2, ?3)")
            let spooled = try spool?.reader()
            for outcome in run.outcomes {
                let hunt = outcome.hunt
                insertResult.reset()
                insertResult.bind(1, runID)
                insertResult.bind(2, hunt.id)
                insertResult.bind(3, hunt.title)
                insertResult.bind(4, hunt.severity.rawValue)
                insertResult.bind(5, FindingJSON.array(hunt.techniques))
                insertResult.bind(6, FindingJSON.parameters(outcome.parameters))
                switch outcome.status {
                case .ran:
                    insertResult.bind(7, "ran")
                    insertResult.bindNull(8)
                case .skipped(let reason):
                    insertResult.bind(7, "skipped")
                    insertResult.bind(8, reason)
                }
                insertResult.bind(9, Int64(outcome.findingCount))
                _ = try insertResult.step()
                let findings = OutcomeFindings(outcome, reader: spooled)
                while let finding = try findings.next() {
                    insertFinding.reset()
                    insertFinding.bind(1, runID)
                    insertFinding.bind(2, finding.huntID)
                    insertFinding.bind(3, finding.severity.rawValue)
                    insertFinding.bind(4, finding.time)
                    insertFinding.bind(5, finding.summary)
                    insertFinding.bind(6, FindingJSON.row(columns: finding.columns, values: finding.values))
                    _ = try insertFinding.step()
                    let findingID = try database.integer("SELECT last_insert_rowid()") ?? 0
                    for reference in finding.evidence {
                        insertEvidence.reset()
                        insertEvidence.bind(1, findingID)
                        insertEvidence.bind(2, reference.table)
                        insertEvidence.bind(3, reference.id)
                        _ = try insertEvidence.step()
                    }
                }
            }
            try cache.run("COMMIT")
            return runID
        } catch {
            try? cache.run("ROLLBACK")
            throw error
        }
    }
}
