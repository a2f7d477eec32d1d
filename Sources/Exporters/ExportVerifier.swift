import Crypto
import Foundation

/// `aegis-audit verify-export`: checks an export against its manifest. The file's size and
/// SHA-256 always; for CSV, JSON and JSON Lines also the rows, read back and hashed again in
/// their canonical form (``EvidenceDigest``), undoing the time zone and formula
/// neutralisation the manifest records.
public enum ExportVerifier {
    /// Verifies the export at `path` against `<path>.manifest.json`.
    public static func verify(exportPath path: String) throws(ExportError) -> ExportVerification {
        let manifestPath = ExportManifest.path(forExport: path)
        let manifest = try ExportManifest.read(path: manifestPath)
        var checks = [try fileCheck(path: path, manifest: manifest)]
        checks.append(rowsCheck(path: path, manifest: manifest))
        return ExportVerification(exportPath: path, manifestPath: manifestPath, manifest: manifest, checks: checks)
    }

    private static func fileCheck(path: String, manifest: ExportManifest) throws(ExportError)
        -> ExportVerification.Check
    {
        guard let file = fopen(path, "rb") else {
            throw .unreadableExport(path: path, reason: "cannot open it: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var bytes: Int64 = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { break }
            bytes += Int64(count)
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
        guard ferror(file) == 0 else { throw .unreadableExport(path: path, reason: "read failed") }
        let digest = EvidenceDigest.hex(hasher.finalize())
        var differences: [String] = []
        if bytes != manifest.file.bytes { differences.append("\(bytes) bytes, manifest says \(manifest.file.bytes)") }
        if digest != manifest.file.sha256 {
            differences.append("SHA-256 \(digest), manifest says \(manifest.file.sha256)")
        }
        return differences.isEmpty
            ? .init(name: "file", outcome: .passed, detail: "\(bytes) bytes, SHA-256 \(digest)")
            : .init(name: "file", outcome: .failed, detail: differences.joined(separator: "; "))
    }

    private static func rowsCheck(path: String, manifest: ExportManifest) -> ExportVerification.Check {
        guard let format = ExportFormat(rawValue: manifest.file.format), format.rowsCanBeReadBack else {
            return .init(
                name: "rows", outcome: .skipped,
                detail: "\(manifest.file.format) cannot be read back exactly; the file's SHA-256 covers it")
        }
        guard manifest.evidenceEncoding == ExportManifest.evidenceEncodingName else {
            return .init(
                name: "rows", outcome: .skipped, detail: "unknown evidence encoding \(manifest.evidenceEncoding)")
        }
        let names = manifest.columns.map(\.name)
        var digest = EvidenceDigest()
        digest.begin(columnNames: names, jsonColumns: manifest.columns.map(\.json))
        let restoreFormulas = format == .csv && manifest.file.csvFormulasNeutralised == true
        let zoned = manifest.file.timeZone != DisplayZoneName.utc
        func original(_ cell: String?) -> String? {
            guard var text = cell else { return nil }
            if restoreFormulas { text = FormulaGuard.restore(text) }
            if zoned, let utc = ZonedTimestamp.utcText(fromZoned: text) { text = utc }
            return text
        }
        do {
            let reader = try ByteReader(path: path)
            switch format {
            case .csv:
                var csv = CSVRowReader(reader: reader)
                let header = try csv.next()?.map(original)
                guard header == names.map(Optional.some) || (names.isEmpty && header == nil) else {
                    return .init(
                        name: "rows", outcome: .failed, detail: "the header differs from the manifest's columns")
                }
                while let cells = try csv.next() {
                    guard cells.count == names.count else {
                        return .init(
                            name: "rows", outcome: .failed,
                            detail: "row \(digest.rowCount + 1) has \(cells.count) fields, not \(names.count)")
                    }
                    digest.add(cells: cells.map(original))
                }
            default:
                var json = JSONRowReader(reader: reader, linesMode: format == .jsonl)
                while let members = try json.next() {
                    guard members.map(\.key) == names else {
                        return .init(
                            name: "rows", outcome: .failed,
                            detail: "row \(digest.rowCount + 1) does not have the manifest's columns")
                    }
                    digest.add(cells: members.map { original($0.value) })
                }
            }
        } catch let error as ExportParseError {
            return .init(
                name: "rows", outcome: .failed,
                detail: "cannot read row \(digest.rowCount + 1) back (byte \(error.offset)): \(error.message)")
        } catch {
            return .init(name: "rows", outcome: .failed, detail: "\(error)")
        }
        var differences: [String] = []
        if digest.rowCount != manifest.rows {
            differences.append("\(rows(digest.rowCount)), manifest says \(manifest.rows)")
        }
        let evidence = digest.hexDigest()
        if evidence != manifest.evidenceSHA256 {
            differences.append("evidence SHA-256 \(evidence), manifest says \(manifest.evidenceSHA256)")
        }
        return differences.isEmpty
            ? .init(name: "rows", outcome: .passed, detail: "\(rows(digest.rowCount)), evidence SHA-256 \(evidence)")
            : .init(name: "rows", outcome: .failed, detail: differences.joined(separator: "; "))
    }
}

private func rows(_ count: Int) -> String { count == 1 ? "1 row" : "\(count) rows" }

/// What ``ExportVerifier`` found.
public struct ExportVerification: Sendable {
    public struct Check: Sendable {
        public enum Outcome: String, Sendable { case passed, failed, skipped }
        public let name: String
        public let outcome: Outcome
        public let detail: String
    }

    public let exportPath: String
    public let manifestPath: String
    public let manifest: ExportManifest
    public let checks: [Check]

    /// Whether no check failed.
    public var passed: Bool { !checks.contains { $0.outcome == .failed } }
}

/// The name ``DisplayZone/utc`` has in manifests.
enum DisplayZoneName {
    static let utc = "UTC"
}
