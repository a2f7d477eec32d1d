import AegisAudit
import ArgumentParser
import Foundation
import Hunts

/// `aegis-audit hunt`: runs the hunts of `queries/` on the cache, prints the findings, records
/// them in the cache, and exits 0 (no finding at or above `--fail-on`), 1 (some) or 2 (error).
struct HuntCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hunt",
        abstract: "Run hunts (queries/*.toml) on the cache and report their findings.",
        discussion: """
            Each hunt is a QueryLang query with metadata (docs/hunts.md); every row it returns is a \
            finding. Parameters come from --param, then the [context] of the config file, then the \
            hunt's defaults. The hunts read the cache read-only; the findings are then recorded in \
            the cache's hunt_* tables in one transaction (--no-store to skip). Exit codes: 0 no \
            finding at or above --fail-on, 1 some, 2 an error.
            """)

    @OptionGroup var cacheOptions: CacheOptions

    @Argument(help: "Ids of the hunts to run (see --list).")
    var ids: [String] = []

    @Flag(name: .long, help: "Run every hunt.")
    var all = false

    @Flag(name: .long, help: "List the hunts and their parameters instead of running them.")
    var list = false

    @Option(name: .long, help: "Only findings at or after this time (a timestamp, or a duration ago such as 7d).")
    var since: String?

    @Option(name: .long, help: "Only findings before this time (a timestamp, or a duration ago).")
    var until: String?

    @Option(name: .long, help: "A parameter: name=value for every hunt that has it, or hunt-id.name=value.")
    var param: [String] = []

    @Option(name: .long, help: "text, json or jsonl (one finding per line).")
    var format: String = "text"

    @Option(name: .long, help: "Exit 1 when a finding is at least this severe: info, low, medium, high, critical.")
    var failOn: String = "info"

    @Option(
        name: .long,
        help: "Config file with the investigation [context] (default: $AEGIS_AUDIT_CONFIG, else ./aegis-audit.toml).")
    var config: String?

    @Option(
        name: .long,
        help: "Directory of hunt files (default: $AEGIS_AUDIT_QUERIES, else ./queries, else beside the program).")
    var queries: String?

    @Flag(name: .long, help: "Do not record the run and its findings in the cache.")
    var noStore = false

    @Option(
        name: .long,
        help: """
            When a credential leaked (a timestamp, or a duration ago): runs the leak hunts (those with a \
            leak_time parameter), or gives them this time with ids or --all.
            """)
    var leakTime: String?

    @Option(
        name: .long,
        help: "Whose leak: a user id, an e-mail address or a service name (default: every principal).")
    var principal: String?

    func run() throws {
        var failing = false
        do {
            try ErrorReporter.run { failing = try hunt() }
        } catch let exit as ExitCode where exit != .success {
            throw ExitCode(2)  // any error: 2, whatever its kind, for scripts
        }
        if failing { throw ExitCode(1) }
    }

    /// The parameters `--leak-time` and `--principal` give.
    static let leakTimeParameter = "leak_time"
    static let principalParameter = "principal"

    /// Runs the hunts; whether a finding reached `--fail-on`.
    private func hunt() throws -> Bool {
        guard ["text", "json", "jsonl"].contains(format) else {
            throw UsageError(message: "--format must be text, json or jsonl, not '\(format)'")
        }
        guard let threshold = Severity(rawValue: failOn) else {
            throw UsageError(message: "--fail-on must be one of info, low, medium, high, critical")
        }
        let library =
            try queries.map { directory throws in try HuntLibrary.load(directory: directory) }
            ?? HuntLibrary.findDefault()
        if list {
            print(HuntReport.list(library))
            return false
        }
        let leakHunts = library.hunts.filter { $0.parameters.contains { $0.name == Self.leakTimeParameter } }
        guard leakTime == nil || !leakHunts.isEmpty else {
            throw UsageError(message: "--leak-time: no hunt in \(library.directory) has a leak_time parameter")
        }
        guard principal == nil || leakTime != nil else {
            throw UsageError(message: "--principal goes with --leak-time (whose leak, and when)")
        }
        guard !(all && !ids.isEmpty), all || !ids.isEmpty || leakTime != nil else {
            throw UsageError(message: "give the ids of hunts to run, or --all (not both), or --leak-time")
        }
        let hunts = all ? library.hunts : ids.isEmpty ? leakHunts : try library.select(ids)
        let file = try ConfigLocation.load(config)
        let now = Date()
        var overrides: [String: String] = [:]
        for item in param {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw UsageError(message: "--param \(item): write name=value")
            }
            overrides[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        if let leakTime {
            overrides[Self.leakTimeParameter] = try HuntRunner.Window.moment(leakTime, now: now, option: "--leak-time")
        }
        if let principal { overrides[Self.principalParameter] = principal }
        let window = HuntRunner.Window(
            since: try since.map { text throws in try HuntRunner.Window.moment(text, now: now, option: "--since") },
            until: try until.map { text throws in try HuntRunner.Window.moment(text, now: now, option: "--until") })
        var runner = HuntRunner(context: file.context, overrides: overrides, window: window, now: now)
        runner.optionHints = [Self.leakTimeParameter: "--leak-time T", Self.principalParameter: "--principal P"]
        let cachePath = cacheOptions.cache ?? file.cachePath ?? Cache.defaultPath
        let startedAt = CacheTime.now()
        // Storing migrates the cache anyway: do it first, so hunts on the timeline view can run.
        let cache = try noStore ? Cache.openForReading(path: cachePath) : TimelineCache.open(path: cachePath)
        // Findings wait on disk, not in memory, until they are stored and reported.
        let spool = try FindingSpool()
        let outcomes = try runner.run(hunts, on: cache, spoolingTo: spool)
        var runID: Int64?
        if !noStore {
            let options =
                "{\"hunts\":\(FindingJSON.array(hunts.map(\.id))),\"params\":\(FindingJSON.array(param)),"
                + "\"fail_on\":\(FindingJSON.string(failOn))"
                + (overrides[Self.leakTimeParameter].map { ",\"leak_time\":\(FindingJSON.string($0))" } ?? "")
                + (principal.map { ",\"principal\":\(FindingJSON.string($0))" } ?? "") + "}"
            runID = try FindingStore.save(
                FindingStore.Run(
                    startedAt: startedAt, finishedAt: CacheTime.now(), window: window, options: options,
                    outcomes: outcomes),
                cachePath: cachePath, spool: spool)
        }
        switch format {
        case "json":
            try HuntReport.json(outcomes, spool: spool, runID: runID, window: window) { print($0, terminator: "") }
            print()
        case "jsonl": try HuntReport.jsonLines(outcomes, spool: spool) { print($0) }
        default:
            let leak = overrides[Self.leakTimeParameter].map { "leak time \($0), principal \(principal ?? "everyone")" }
            try HuntReport.text(
                outcomes, spool: spool, runID: runID, cachePath: cachePath, window: window, leak: leak
            ) { print($0) }
        }
        return outcomes.contains { $0.findingCount > 0 && $0.hunt.severity >= threshold }
    }
}
