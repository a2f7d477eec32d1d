import Foundation

/// `<file>.manifest.json`, the chain-of-custody record written beside every file export
/// (docs/exports.md): what was exported, from which sources and syncs, by which command, and
/// the SHA-256 of the file and of its canonical evidence rows.
public struct ExportManifest: Codable, Equatable, Sendable {
    /// The manifest format's version.
    public var manifestVersion = 1
    public var tool = "aegis-audit"
    public var toolVersion: String
    /// When the export was committed (UTC, the cache's form).
    public var createdAt: String
    /// The command line, secrets masked (``CommandLineRedaction``).
    public var commandLine: [String]
    public var subject: Subject
    /// The time window asked for, if any (cache-form timestamps; nil for an open end).
    public var window: Window?
    /// Each source endpoint the cache was synced from (no passwords), with its sync ids.
    public var sources: [Source]
    /// Every completed sync of the cache at export time.
    public var syncRuns: [Int64]
    public var file: File
    /// The exported columns; `json` marks JSON documents (they matter to the evidence hash).
    public var columns: [Column]
    public var rows: Int
    /// SHA-256 of the canonical evidence rows (``EvidenceDigest``).
    public var evidenceSHA256: String
    /// Names the canonical encoding, so that a later change of it cannot go unnoticed.
    public var evidenceEncoding = ExportManifest.evidenceEncodingName

    public static let evidenceEncodingName = "aegis-audit-evidence-v1"

    /// What was exported: `kind` is `query`, `sql`, `table`, `hunt`, `findings`, `timeline`
    /// or `report`; `text` the pipeline, statement, table or hunt id; `details` anything else
    /// that identifies it (the hunt run, its parameters, the compiled SQL).
    public struct Subject: Codable, Equatable, Sendable {
        public var kind: String
        public var text: String
        public var details: [String: String]

        public init(kind: String, text: String, details: [String: String] = [:]) {
            self.kind = kind
            self.text = text
            self.details = details
        }
    }

    public struct Window: Codable, Equatable, Sendable {
        public var since: String?
        public var until: String?

        public init(since: String?, until: String?) {
            self.since = since
            self.until = until
        }
    }

    public struct Source: Codable, Equatable, Sendable {
        public var source: String
        public var endpoint: String
        public var database: String?
        public var serverVersion: String?
        public var syncRuns: [Int64]
        public var lastSnapshotTakenAt: String?

        enum CodingKeys: String, CodingKey {
            case source, endpoint, database
            case serverVersion = "server_version"
            case syncRuns = "sync_runs"
            case lastSnapshotTakenAt = "last_snapshot_taken_at"
        }
    }

    public struct File: Codable, Equatable, Sendable {
        /// The file's name when written (verification uses the path it is given).
        public var name: String
        /// The `--format` name (`csv`, `jsonl`, `timesketch-csv`, `html`, ...).
        public var format: String
        public var bytes: Int64
        public var sha256: String
        /// The zone timestamps are shown in (`UTC`, `+05:30`, `Europe/Paris`).
        public var timeZone: String
        /// CSV only: whether formula-looking cells got a leading `'` (``FormulaGuard``).
        public var csvFormulasNeutralised: Bool?

        enum CodingKeys: String, CodingKey {
            case name, format, bytes, sha256
            case timeZone = "time_zone"
            case csvFormulasNeutralised = "csv_formulas_neutralised"
        }
    }

    public struct Column: Codable, Equatable, Sendable {
        public var name: String
        public var json: Bool
    }

    enum CodingKeys: String, CodingKey {
        case manifestVersion = "manifest_version"
        case tool
        case toolVersion = "tool_version"
        case createdAt = "created_at"
        case commandLine = "command_line"
        case subject, window, sources
        case syncRuns = "sync_runs"
        case file, columns, rows
        case evidenceSHA256 = "evidence_sha256"
        case evidenceEncoding = "evidence_encoding"
    }

    /// Where the manifest of the export at `path` lives.
    public static func path(forExport path: String) -> String { path + ".manifest.json" }

    /// Reads the manifest at `path`.
    public static func read(path: String) throws(ExportError) -> ExportManifest {
        guard FileManager.default.fileExists(atPath: path) else { throw .manifestMissing(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .manifestUnreadable(path: path, reason: "cannot read it")
        }
        do { return try JSONDecoder().decode(ExportManifest.self, from: data) } catch {
            throw .manifestUnreadable(path: path, reason: Self.reason(error))
        }
    }

    private static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "no \(key.stringValue) field"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "field \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
        case DecodingError.dataCorrupted: return "not valid JSON"
        default: return "\(error)"
        }
    }
}
