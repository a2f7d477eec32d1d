import AegisAudit
import Exporters
import Foundation

/// Writes the HTML report through an ``ExportSession``: the file atomically, its timeline rows
/// recorded as evidence, then the manifest beside it.
enum TimelineReportWriting {
    static func write(
        query: TimelineQuery, cache: Cache, to path: String, zone: DisplayZone,
        scope: [(label: String, value: String)], provenance: ExportProvenance,
        maxRows: Int = HTMLReport.defaultTimelineLimit
    ) throws {
        let session = try ExportSession(path: path, formatName: "html", options: ExportOptions(zone: zone))
        do {
            let report = HTMLReport(
                scope: scope, zone: zone, cachePath: cache.path,
                manifestName: session.writesManifest
                    ? ExportManifest.path(forExport: path).split(separator: "/").last.map(String.init) : nil,
                timelineLimit: maxRows == 0 ? nil : maxRows)
            // finding_ids is a JSON array, marked so as in the other formats' manifests.
            try report.write(query: query, cache: cache, to: session.output) { rows in
                JSONColumnMarking(writing: session.recording(rows), names: ["finding_ids"])
            }
            var provenance = provenance
            if session.writesManifest { try provenance.loadSources(from: cache) }
            try session.commit(provenance: provenance)
        } catch {
            session.abandon()
            throw error
        }
    }
}
