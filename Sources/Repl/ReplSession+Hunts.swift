import AegisAudit
import Foundation
import Hunts

extension ReplSession {
    /// `.hunts`: every hunt of the library, its severity, techniques, parameters and title.
    func listHunts() throws {
        let library = try huntLibrary()
        try writeResult { sink in
            try sink.begin(columns: ["hunt", "severity", "techniques", "parameters", "title"].map(Self.textColumn))
            for hunt in library.hunts {
                let parameters = hunt.parameters.map { "\($0.name) (\($0.kind.rawValue))" }.joined(separator: ", ")
                try sink.write(
                    row: [
                        hunt.id, hunt.severity.rawValue, hunt.techniques.joined(separator: ","),
                        parameters.isEmpty ? "-" : parameters, hunt.title,
                    ].map { .text($0) })
            }
            try sink.finish()
            return library.hunts.count
        }
    }

    /// `.run HUNT [name=value ...]`: runs one hunt on the session's cache and shows its findings,
    /// worst first as the hunt gives them. Nothing is written to the cache (the session has it
    /// read-only); `aegis-audit hunt` records findings.
    func runHunt(_ id: String, _ arguments: [String]) throws {
        let hunts = try huntLibrary().select([id])
        let now = Date()
        var overrides: [String: String] = [:]
        var window = HuntRunner.Window()
        for argument in arguments {
            let equals = argument.firstIndex(of: "=")!
            let name = String(argument[..<equals])
            let value = String(argument[argument.index(after: equals)...])
            switch name {
            case "since": window.since = try HuntRunner.Window.moment(value, now: now, option: "since")
            case "until": window.until = try HuntRunner.Window.moment(value, now: now, option: "until")
            case "leak_time": overrides[name] = try HuntRunner.Window.moment(value, now: now, option: name)
            default: overrides[name] = value
            }
        }
        var runner = HuntRunner(context: options.context, overrides: overrides, window: window, now: now)
        for parameter in hunts[0].parameters { runner.optionHints[parameter.name] = "\(parameter.name)=..." }
        let outcome = try interruptible { try runner.run(hunts, on: cache) }[0]
        if case .skipped(let reason) = outcome.status {
            say("\(id) skipped: \(reason)")
            return
        }
        try writeResult { sink in
            try sink.begin(columns: ["severity", "time", "summary", "evidence"].map(Self.textColumn))
            for finding in outcome.findings {
                try sink.write(row: [
                    .text(finding.severity.rawValue), finding.time.map { .text($0) } ?? .null, .text(finding.summary),
                    .text(Self.evidenceText(finding.evidence)),
                ])
            }
            try sink.finish()
            return outcome.findings.count
        }
        let count = outcome.findings.count
        say("\(count) finding\(count == 1 ? "" : "s") of \(id), not stored (aegis-audit hunt \(id) records them)")
    }

    /// The hunt files: `--queries` if given, else where `aegis-audit hunt` looks.
    private func huntLibrary() throws -> HuntLibrary { try Self.huntLibrary(directory: options.huntDirectory) }

    static func huntLibrary(directory: String?) throws -> HuntLibrary {
        if let directory { return try HuntLibrary.load(directory: directory) }
        return try HuntLibrary.findDefault()
    }

    /// `table: id, id; table: id`.
    static func evidenceText(_ evidence: [EvidenceReference]) -> String {
        var byTable: [(String, [String])] = []
        for reference in evidence {
            if let index = byTable.firstIndex(where: { $0.0 == reference.table }) {
                byTable[index].1.append(reference.id)
            } else {
                byTable.append((reference.table, [reference.id]))
            }
        }
        return byTable.map { "\($0.0): \($0.1.joined(separator: ", "))" }.joined(separator: "; ")
    }

    private static func textColumn(_ name: String) -> ResultColumn { ResultColumn(name: name, declaredType: "TEXT") }
}
