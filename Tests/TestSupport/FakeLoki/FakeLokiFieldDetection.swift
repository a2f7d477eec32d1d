import AegisSources
import Foundation

/// What Loki 3's distributor adds at ingest with its defaults (`discover_service_name`,
/// `discover_log_levels`): a `service_name` stream label and a `detected_level` structured
/// metadata field on every entry.
enum FakeLokiFieldDetection {
    /// Loki's default `-validation.discover-service-name` list, in priority order.
    static let serviceNameSources = [
        "service", "app", "application", "app_name", "name", "app_kubernetes_io_name", "container", "container_name",
        "k8s_container_name", "component", "workload", "job", "k8s_job_name",
    ]

    /// Loki's default level fields, in priority order.
    static let levelFields = [
        "level", "LEVEL", "Level", "log.level", "severity", "SEVERITY", "Severity", "SeverityText", "lvl", "LVL", "Lvl",
        "severity_text", "Severity_Text", "SEVERITY_TEXT",
    ]

    /// The stream labels with `service_name` added (first non-empty source label, else
    /// `unknown_service`) unless already present.
    static func withServiceName(_ labels: [String: String]) -> [String: String] {
        if labels["service_name"] != nil { return labels }
        var result = labels
        result["service_name"] =
            serviceNameSources.lazy.compactMap { labels[$0] }.first { !$0.isEmpty } ?? "unknown_service"
        return result
    }

    /// The entry's `detected_level`: a level stream label, else a level metadata field, else
    /// what the line says (JSON field, logfmt field, or a keyword), normalised; `unknown` when
    /// nothing says. A `detected_level` already in the metadata is kept (normalised).
    static func detectedLevel(labels: [String: String], metadata: [String: String], line: String) -> String {
        if let given = metadata["detected_level"] { return normalize(given) ?? given }
        if let fromLabel = levelFields.lazy.compactMap({ labels[$0] }).first {
            return normalize(fromLabel) ?? fromLabel
        }
        if let fromMetadata = levelFields.lazy.compactMap({ metadata[$0] }).first {
            return normalize(fromMetadata) ?? fromMetadata
        }
        return levelFromLine(line)
    }

    /// Loki's `normalizeLogLevel` for known spellings; nil for anything else.
    static func normalize(_ level: String) -> String? {
        switch level.lowercased() {
        case "trace", "trc": return "trace"
        case "debug", "dbg": return "debug"
        case "info", "inf", "information": return "info"
        case "warn", "wrn", "warning": return "warn"
        case "error", "err": return "error"
        case "critical": return "critical"
        case "fatal": return "fatal"
        default: return nil
        }
    }

    private static func levelFromLine(_ line: String) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        var value: String?
        if trimmed.hasPrefix("{") && trimmed.hasSuffix("}") {
            if let document = try? JSONParser.parse(line) { value = jsonLevel(document, depth: 0) }
        } else if line.contains("=") {
            value = logfmtLevel(line)
        } else {
            return keywordLevel(line)
        }
        if let value, let normalized = normalize(value) { return normalized }
        return keywordLevel(line)
    }

    /// The first string member named like a level field, searching nested objects in order.
    private static func jsonLevel(_ value: JSONValue, depth: Int) -> String? {
        guard depth < 16, let members = value.objectValue else { return nil }
        for member in members {
            switch member.value {
            case .string(let text) where levelFields.contains(member.key): return text
            case .object:
                if let nested = jsonLevel(member.value, depth: depth + 1) { return nested }
            default: continue
            }
        }
        return nil
    }

    /// The value of the highest-priority level key (compared case-insensitively) in a logfmt line.
    private static func logfmtLevel(_ line: String) -> String? {
        var best: (priority: Int, value: String)?
        var rest = Substring(line)
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " }
            let key = rest.prefix { $0 != "=" && $0 != " " }
            rest = rest.dropFirst(key.count)
            var value = Substring("")
            if rest.first == "=" {
                rest = rest.dropFirst()
                if rest.first == "\"" {
                    rest = rest.dropFirst()
                    value = rest.prefix { $0 != "\"" }
                    rest = rest.dropFirst(value.count + 1)
                } else {
                    value = rest.prefix { $0 != " " }
                    rest = rest.dropFirst(value.count)
                }
            }
            if key.isEmpty { rest = rest.dropFirst() }
            if let priority = levelFields.firstIndex(where: { $0.lowercased() == key.lowercased() }),
                priority < (best?.priority ?? Int.max)
            {
                best = (priority, String(value))
            }
        }
        return best?.value
    }

    /// Loki's `detectLevelFromLogLine` keyword search.
    private static func keywordLevel(_ line: String) -> String {
        func any(_ words: [String]) -> Bool { words.contains { line.contains($0) } }
        if any(["info:", "INFO:", "[info]", "[INFO]", "info", "INFO"]) { return "info" }
        if any(["err:", "ERR:", "[err]", "[ERR]", "[error]", "[ERROR]"]) { return "error" }
        if any(["warn:", "WARN:", "[warn]", "[WARN]", "[warning]", "[WARNING]", "warning", "WARNING"]) {
            return "warn"
        }
        if any(["critical:", "CRITICAL:", "[critical]", "[CRITICAL]"]) { return "critical" }
        if any(["debug:", "DEBUG:", "[debug]", "[DEBUG]", "debug", "DEBUG"]) { return "debug" }
        return "unknown"
    }
}
