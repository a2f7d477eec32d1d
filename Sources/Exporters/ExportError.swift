/// Why an export could not be written. The destination is never left half-written.
public enum ExportError: Error, CustomStringConvertible, Sendable {
    case cannotCreate(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    case unknownFormat(String)

    public var description: String {
        switch self {
        case .cannotCreate(let path, let reason): return "output \(path): cannot create: \(reason)"
        case .writeFailed(let path, let reason): return "output \(path): write failed: \(reason); nothing was written"
        case .unknownFormat(let name): return "unknown format '\(name)' (use table, csv, json or jsonl)"
        }
    }
}
