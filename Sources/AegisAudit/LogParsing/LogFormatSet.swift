import AegisSources
import Foundation

/// The line shapes, key mapping and typed events the parser knows, loaded from a folder of JSON
/// files (the way lnav keeps its formats): one file per line shape, plus `fields.json` (required)
/// and `events.json` (optional). Every pattern is compiled here to check it, so a set that loads
/// is one the parser can use (each parser compiles its own copies once, at its creation).
public struct LogFormatSet: Sendable, Equatable {
    /// In the order they are tried.
    public let formats: [LogFormatDefinition]
    public let fieldMap: LogFieldMap
    public let events: [LogEventDefinition]

    public static let fieldsFileName = "fields.json"
    public static let eventsFileName = "events.json"

    public init(formats: [LogFormatDefinition], fieldMap: LogFieldMap, events: [LogEventDefinition]) {
        self.formats = formats.sorted { ($0.order, $0.name) < ($1.order, $1.name) }
        self.fieldMap = fieldMap
        self.events = events
    }

    /// The formats shipped with aegis-audit (`Sources/AegisAudit/Formats`).
    public static func builtIn() throws -> LogFormatSet {
        guard let folder = Bundle.module.url(forResource: "Formats", withExtension: nil) else {
            throw LogFormatError(file: "Formats", message: "the built-in format folder is missing from the bundle")
        }
        return try load(directory: folder)
    }

    /// Reads every `*.json` file of `directory`; throws ``LogFormatError`` naming the first
    /// file that is not valid.
    public static func load(directory: URL) throws -> LogFormatSet {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            throw LogFormatError(file: directory.path, message: "cannot list the folder: \(error.localizedDescription)")
        }
        guard names.contains(fieldsFileName) else {
            throw LogFormatError(file: directory.appendingPathComponent(fieldsFileName).path, message: "missing")
        }
        var formats: [LogFormatDefinition] = []
        var fieldMap: LogFieldMap?
        var events: [LogEventDefinition] = []
        var seen: [String: String] = [:]
        for name in names {
            let file = try LogFormatFile(path: directory.appendingPathComponent(name).path)
            switch name {
            case fieldsFileName: fieldMap = try file.fieldMap()
            case eventsFileName: events = try file.events()
            default:
                let format = try file.format()
                if let other = seen[format.name] {
                    throw LogFormatError(
                        file: file.path, message: "format name \"\(format.name)\" is already used by \(other)")
                }
                seen[format.name] = file.path
                formats.append(format)
            }
        }
        guard !formats.isEmpty else {
            throw LogFormatError(
                file: directory.path, message: "no format files (*.json besides fields.json and events.json)")
        }
        return LogFormatSet(formats: formats, fieldMap: fieldMap!, events: events)
    }
}
