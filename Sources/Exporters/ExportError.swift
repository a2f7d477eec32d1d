/// Why an export could not be written or verified. The destination is never left half-written.
public enum ExportError: Error, CustomStringConvertible, Sendable {
    case cannotCreate(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    case unknownFormat(String)
    /// A Timesketch export cannot find or read its time (or message) column.
    case timesketch(String)
    /// The data file is complete, but its manifest could not be written.
    case manifestFailed(path: String, reason: String)
    case manifestMissing(path: String)
    case manifestUnreadable(path: String, reason: String)
    /// The exported file to verify cannot be read, or is not in its manifest's format.
    case unreadableExport(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreate(let path, let reason): return "output \(path): cannot create: \(reason)"
        case .writeFailed(let path, let reason): return "output \(path): write failed: \(reason); nothing was written"
        case .unknownFormat(let name): return "unknown format '\(name)' (use \(ExportFormat.names))"
        case .timesketch(let message): return "timesketch export: \(message)"
        case .manifestFailed(let path, let reason):
            return "manifest \(path): cannot write it: \(reason); the export itself is complete but unverifiable"
        case .manifestMissing(let path):
            return "manifest \(path): not found (exports to a file write one beside it; standard output gets none)"
        case .manifestUnreadable(let path, let reason): return "manifest \(path): unreadable: \(reason)"
        case .unreadableExport(let path, let reason): return "export \(path): \(reason)"
        }
    }
}
