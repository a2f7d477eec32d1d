import AegisAudit
import AegisSources
import Foundation

/// One export from start to manifest: opens the destination (a file written atomically, or
/// standard output for `-`), records the evidence of every row while it streams to the format's
/// writer, and on ``commit(provenance:)`` moves the file to its final name, then writes
/// `<file>.manifest.json` beside it (atomically too). Standard output gets no manifest.
///
///     let session = try ExportSession(path: output, format: .csv, options: options)
///     try CacheQuery.run(sql, on: cache, into: session.rowSink())
///     try session.commit(provenance: provenance)
///
/// A writer that is not a ``RowSink`` of ``ExportFormat`` (the HTML report) writes to
/// ``output`` itself and streams the rows it shows through ``recording(_:)``, naming its
/// format with `formatName`.
public final class ExportSession {
    /// Where the bytes go.
    public let output: OutputStream
    /// The `--format` name recorded in the manifest.
    public let formatName: String
    public let options: ExportOptions
    private let format: ExportFormat?
    private var recorder: EvidenceRecorder?

    /// Opens `path` (`-` for standard output) for an export in `format`.
    public convenience init(path: String, format: ExportFormat, options: ExportOptions) throws(ExportError) {
        try self.init(path: path, formatName: format.rawValue, format: format, options: options)
    }

    /// Opens `path` (`-` for standard output) for a writer of its own, named `formatName`.
    public convenience init(path: String, formatName: String, options: ExportOptions) throws(ExportError) {
        try self.init(path: path, formatName: formatName, format: nil, options: options)
    }

    private init(path: String, formatName: String, format: ExportFormat?, options: ExportOptions) throws(ExportError) {
        output = path == "-" ? OutputStream.standardOutput() : try OutputStream.atomicFile(path: path)
        self.formatName = formatName
        self.format = format
        self.options = options
    }

    /// Whether a manifest will be written (a file, not standard output).
    public var writesManifest: Bool { output.path != nil }

    /// The sink to stream the exported rows into: evidence recorded, then written in the
    /// session's format. Only for sessions opened with an ``ExportFormat``.
    public func rowSink() -> RowSink {
        precondition(format != nil, "rowSink() needs a session opened with an ExportFormat")
        return recording(format!.sink(to: output, options: options))
    }

    /// `writer` with the evidence of every row recorded before it (one recorded table per session).
    public func recording(_ writer: RowSink) -> RowSink {
        let recorder = EvidenceRecorder(writingTo: writer)
        self.recorder = recorder
        return recorder
    }

    /// Rows recorded so far.
    public var rowCount: Int { recorder?.rowCount ?? 0 }

    /// Commits the file, then writes its manifest; returns the manifest (nil for standard
    /// output). A manifest left from an earlier export to the same name is removed first, so
    /// no stale manifest can describe the new file.
    @discardableResult
    public func commit(provenance: ExportProvenance) throws(ExportError) -> ExportManifest? {
        guard let path = output.path else {
            try output.commit()
            return nil
        }
        let manifestPath = ExportManifest.path(forExport: path)
        if unlink(manifestPath) != 0 && errno != ENOENT {
            output.abandon()
            throw .manifestFailed(path: manifestPath, reason: String(cString: strerror(errno)))
        }
        try output.commit()
        let manifest = makeManifest(path: path, provenance: provenance)
        do {
            let stream = try OutputStream.atomicFile(path: manifestPath)
            stream.write(bytes: Array(manifest.encoded()))
            try stream.commit()
        } catch {
            throw .manifestFailed(path: manifestPath, reason: error.description)
        }
        return manifest
    }

    /// Drops the export; the final name (and its manifest) stay as they were.
    public func abandon() { output.abandon() }

    private func makeManifest(path: String, provenance: ExportProvenance) -> ExportManifest {
        let digest =
            recorder?.digest
            ?? {
                var empty = EvidenceDigest()
                empty.begin(columnNames: [], jsonColumns: [])
                return empty
            }()
        let redactor = CommandLineRedaction.makeRedactor()
        var subject = provenance.subject
        subject.text = redactor.redact(subject.text)
        subject.details = subject.details.mapValues(redactor.redact)
        return ExportManifest(
            toolVersion: SyncEngine.toolVersion, createdAt: CacheTime.now(),
            commandLine: CommandLineRedaction.redact(provenance.commandLine), subject: subject,
            window: provenance.window, sources: provenance.sources, syncRuns: provenance.syncRuns,
            file: ExportManifest.File(
                name: URL(fileURLWithPath: path).lastPathComponent, format: formatName, bytes: output.byteCount,
                sha256: output.sha256Hex, timeZone: options.zone.description,
                csvFormulasNeutralised: (format?.isCSV ?? false) ? !options.rawCSV : nil),
            columns: (recorder?.columns ?? []).map { ExportManifest.Column(name: $0.name, json: $0.holdsJSON) },
            rows: digest.rowCount, evidenceSHA256: digest.hexDigest())
    }
}
