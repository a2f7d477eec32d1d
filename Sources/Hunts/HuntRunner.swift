import AegisAudit
import Foundation
import QueryLang

/// Runs hunts on a cache opened for reading: resolves each hunt's parameters (`--param`, then
/// the investigation context, then the file's default), compiles its query with them against
/// the cache's catalog, and turns every row of the result into a ``Finding``.
public struct HuntRunner {
    /// The window findings must fall in; hunts see it as `$since` and `$until`.
    public struct Window: Sendable, Equatable {
        /// Cache-form timestamps; nil for an open end.
        public var since: String?
        public var until: String?

        public init(since: String? = nil, until: String? = nil) {
            self.since = since
            self.until = until
        }

        /// What an open end is bound as.
        static let earliest = "1970-01-01T00:00:00.000000Z"
        static let latest = "9999-12-31T23:59:59.999999Z"

        /// A `--since`/`--until` value: a timestamp, or a duration meaning that long before `now`.
        public static func moment(_ text: String, now: Date, option: String) throws(HuntError) -> String {
            if let micros = CacheTime.microseconds(parsing: text) { return CacheTime.text(microseconds: micros) }
            if let seconds = HuntParameter.seconds(text) {
                return CacheTime.text(
                    microseconds: Int64(((now.timeIntervalSince1970 - seconds) * 1_000_000).rounded(.down)))
            }
            throw .parameter("\(option): '\(text)' is neither a timestamp (2026-11-18T02:00Z) nor a duration (7d)")
        }
    }

    public var context: InvestigationContext
    /// `--param` values: `name=value` for every hunt that has `name`, `hunt-id.name=value` for one.
    public var overrides: [String: String]
    public var window: Window
    /// What `now()`, `ago()` and `since` mean in the queries.
    public var now: Date
    /// How a front end lets the user give a parameter, for the notes of skipped hunts and
    /// errors: `["leak_time": "--leak-time T"]`; `--param name=...` otherwise.
    public var optionHints: [String: String] = [:]

    public init(
        context: InvestigationContext = InvestigationContext(), overrides: [String: String] = [:],
        window: Window = Window(), now: Date = Date()
    ) {
        self.context = context
        self.overrides = overrides
        self.window = window
        self.now = now
    }

    /// Runs `hunts` in order on `cache` (opened with ``Cache/openForReading(path:)``).
    public func run(_ hunts: [Hunt], on cache: Cache) throws(HuntError) -> [HuntOutcome] {
        try run(hunts, on: cache, spool: nil)
    }

    /// Runs `hunts` in order on `cache`, appending each finding to `spool` as it comes instead
    /// of keeping it: the outcomes hold only counts (``HuntOutcome/findingCount``), and memory
    /// does not grow with the number of findings.
    public func run(_ hunts: [Hunt], on cache: Cache, spoolingTo spool: FindingSpool) throws(HuntError)
        -> [HuntOutcome]
    {
        try run(hunts, on: cache, spool: spool)
    }

    private func run(_ hunts: [Hunt], on cache: Cache, spool: FindingSpool?) throws(HuntError) -> [HuntOutcome] {
        try checkOverrides(hunts)
        let catalog: Catalog
        do { catalog = try Catalog.load(from: cache) } catch {
            throw .run(hunt: hunts.first?.id ?? "-", message: "cannot read the cache's tables: \(error)")
        }
        var outcomes: [HuntOutcome] = []
        for hunt in hunts { outcomes.append(try run(hunt, catalog: catalog, cache: cache, spool: spool)) }
        return outcomes
    }

    /// Every parameter of `hunt` with its value, and why the hunt cannot run (if it cannot).
    public func parameters(of hunt: Hunt) throws(HuntError) -> (values: [String: QueryParameter], skip: String?) {
        var values: [String: QueryParameter] = [
            "since": .timestamp(window.since ?? Window.earliest), "until": .timestamp(window.until ?? Window.latest),
        ]
        var skip: String?
        for parameter in hunt.parameters {
            let given = overrides["\(hunt.id).\(parameter.name)"] ?? overrides[parameter.name]
            let value: QueryParameter?
            if let given {
                value = try parameter.value(parsing: given, context: context)
            } else {
                value = try parameter.defaultValue(context: context)
            }
            let hint = optionHints[parameter.name] ?? "--param \(parameter.name)=..."
            guard let value else {
                guard parameter.required else {
                    throw .parameter("hunt \(hunt.id): parameter \(parameter.name) has no value; give \(hint)")
                }
                // A required parameter without a default (leak_time): the hunt waits for it.
                if skip == nil { skip = "needs \(parameter.name): give \(hint)" }
                continue
            }
            let empty =
                value == .list([]) || value == .string("")
                || (parameter.kind == .principal && value == .list([.string(HuntParameter.everyone)]))
            if parameter.required, skip == nil, empty {
                let source = parameter.contextKey.map { " (context \($0))" } ?? ""
                let where_ = parameter.contextKey == nil ? "" : " or set it in the config"
                skip = "needs \(parameter.name)\(source): give \(hint)\(where_)"
            }
            values[parameter.name] = value
        }
        return (values, skip)
    }

    private func run(_ hunt: Hunt, catalog: Catalog, cache: Cache, spool: FindingSpool?) throws(HuntError)
        -> HuntOutcome
    {
        let (parameters, skip) = try self.parameters(of: hunt)
        if let missing = hunt.tables.first(where: { catalog.tables[$0] == nil }) {
            return HuntOutcome(
                hunt: hunt, parameters: parameters,
                status: .skipped(
                    "the cache has no table \(missing): it predates it; any command that writes the cache "
                        + "(hunt without --no-store, timeline, sync) upgrades it"),
                findings: [])
        }
        if let skip { return HuntOutcome(hunt: hunt, parameters: parameters, status: .skipped(skip), findings: []) }
        let resolved = try resolvingPrincipals(parameters, of: hunt, in: cache)
        let compiled: CompiledQuery
        do {
            compiled = try QueryCompiler.compile(hunt.query, catalog: catalog, now: now, parameters: resolved)
        } catch {
            throw .query(hunt: hunt.id, error)
        }
        let columns = compiled.columns.map(\.name)
        try check(hunt, returns: columns, parameters: parameters)
        let sink = FindingSink(hunt: hunt, parameters: parameters, spool: spool)
        do { try CacheQuery.run(compiled.sql, parameters: compiled.parameters, on: cache, into: sink) } catch let
            error as HuntError
        {
            throw error
        } catch {
            throw .run(hunt: hunt.id, message: (error as? QueryError)?.message ?? "\(error)")
        }
        return HuntOutcome(hunt: hunt, parameters: parameters, status: .ran, findings: sink.findings, count: sink.count)
    }

    /// `principal` parameters with the identities `users` knows for them: the user's ids and
    /// lowercased e-mail addresses, whichever of the two was given (``TimelineUser``).
    private func resolvingPrincipals(
        _ parameters: [String: QueryParameter], of hunt: Hunt, in cache: Cache
    ) throws(HuntError) -> [String: QueryParameter] {
        var resolved = parameters
        for parameter in hunt.parameters where parameter.kind == .principal {
            guard case .list(let items)? = parameters[parameter.name], items.count == 1,
                case .string(let given) = items[0], given != HuntParameter.everyone
            else { continue }
            let user: TimelineUser
            do { user = try TimelineUser.resolve(given, in: cache) } catch {
                throw .run(hunt: hunt.id, message: "cannot look \(given) up in users: \(error)")
            }
            var identities: [String] = []
            for identity in user.ids + user.emails.map({ $0.lowercased() }) + [given.lowercased()]
            where !identities.contains(identity) {
                identities.append(identity)
            }
            resolved[parameter.name] = .list(identities.map { .string($0) })
        }
        return resolved
    }

    /// The summary, time and evidence columns must be among what the query returns.
    private func check(_ hunt: Hunt, returns columns: [String], parameters: [String: QueryParameter]) throws(HuntError)
    {
        func fail(_ message: String) -> HuntError { .file(path: hunt.path, line: 0, column: 0, message: message) }
        let returned = "the query returns \(columns.joined(separator: ", "))"
        for name in FindingText.placeholders(hunt.summary) {
            if name.hasPrefix("$") {
                guard parameters[String(name.dropFirst())] != nil else {
                    throw fail("summary names no parameter '\(name)'")
                }
            } else if !columns.contains(name) {
                throw fail("summary names column '\(name)', but \(returned)")
            }
        }
        if let time = hunt.timeColumn, !columns.contains(time) {
            throw fail("time names column '\(time)', but \(returned)")
        }
        for evidence in hunt.evidence where !columns.contains(evidence.column) {
            throw fail("evidence names column '\(evidence.column)', but \(returned)")
        }
        for name in overrides.keys where name.hasPrefix("\(hunt.id).") {
            let parameter = name.dropFirst(hunt.id.count + 1)
            guard hunt.parameters.contains(where: { $0.name == parameter }) else {
                throw .parameter("hunt \(hunt.id) has no parameter '\(parameter)'")
            }
        }
    }

    /// Each `--param` must name a parameter of a hunt being run: a typo is not silently ignored.
    private func checkOverrides(_ hunts: [Hunt]) throws(HuntError) {
        for key in overrides.keys.sorted() {
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            if Hunt.builtInParameters.contains(parts.last!) {
                throw .parameter("--param \(key): give the window with --since and --until")
            }
            let matching = parts.count == 2 ? hunts.filter { $0.id == parts[0] } : hunts
            guard matching.contains(where: { hunt in hunt.parameters.contains { $0.name == parts.last! } }) else {
                let known = Set(hunts.flatMap { $0.parameters.map(\.name) }).sorted().joined(separator: ", ")
                let option = optionHints[parts.last!].map { String($0.prefix { $0 != " " }) } ?? "--param \(key)"
                throw .parameter("\(option): no hunt being run has this parameter (parameters: \(known))")
            }
        }
    }
}

/// Collects the rows of one hunt as findings.
private final class FindingSink: RowSink {
    let hunt: Hunt
    let parameters: [String: QueryParameter]
    /// Where findings go when they are not kept in `findings`.
    let spool: FindingSpool?
    var columns: [String] = []
    var findings: [Finding] = []
    var count = 0

    init(hunt: Hunt, parameters: [String: QueryParameter], spool: FindingSpool?) {
        self.hunt = hunt
        self.parameters = parameters
        self.spool = spool
    }

    func begin(columns: [ResultColumn]) throws { self.columns = columns.map(\.name) }

    func write(row: [CacheValue]) throws {
        var evidence: [EvidenceReference] = []
        for column in hunt.evidence {
            guard let index = columns.firstIndex(of: column.column) else { continue }
            for id in FindingText.ids(row[index]) {
                var reference = EvidenceReference(table: column.table, id: id)
                if column.table == EvidenceColumn.anyTable {
                    guard let colon = id.firstIndex(of: ":") else { continue }
                    reference = EvidenceReference(
                        table: String(id[..<colon]), id: String(id[id.index(after: colon)...]))
                }
                if !evidence.contains(reference) { evidence.append(reference) }
            }
        }
        var time: String?
        if let column = hunt.timeColumn, let index = columns.firstIndex(of: column), case .text(let text) = row[index] {
            time = text
        }
        let finding = Finding(
            huntID: hunt.id, severity: hunt.severity, time: time,
            summary: FindingText.render(hunt.summary, columns: columns, values: row, parameters: parameters),
            evidence: evidence, columns: columns, values: row)
        count += 1
        if let spool { try spool.append(finding) } else { findings.append(finding) }
    }

    func finish() throws {}
}
