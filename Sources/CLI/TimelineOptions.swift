import AegisAudit
import ArgumentParser
import Exporters
import Foundation
import QueryLang

/// What a timeline shows, shared by `timeline` and `report`: who, from where, in which
/// namespace, when, and an optional QueryLang filter over the `timeline` view.
struct TimelineOptions: ParsableArguments {
    @Option(name: .long, help: "Only this user: an id, an e-mail address (resolved both ways) or a service name.")
    var user: String?

    @Option(name: .long, help: "Only this address or network (198.51.100.250, 10.8.0.0/16).")
    var ip: String?

    @Option(name: .long, help: "Only this Kubernetes namespace.")
    var namespace: String?

    @Option(
        name: .long,
        help: "A QueryLang filter or pipeline over the timeline view: 'where kind == \"auth_login_failure\"'.")
    var query: String?

    @Option(name: .long, help: "From this time (a timestamp, or a duration before now such as 7d).")
    var since: String?

    @Option(name: .long, help: "Until this time, exclusive (a timestamp, or a duration before now).")
    var until: String?

    @Option(name: .long, help: "Centre the window on this timestamp (with --window, default 1h each side).")
    var around: String?

    @Option(name: .long, help: "With --around: how far on each side (30m, 2h, 1d).")
    var window: String?

    /// The filter, checked, without a cache.
    func filter() throws -> TimelineFilter {
        let filter = TimelineFilter(
            user: user, ip: ip, namespace: namespace,
            window: try TimelineWindow.resolve(since: since, until: until, around: around, window: window))
        try filter.validate()
        return filter
    }

    /// The query over `cache`: the user resolved, the `--query` pipeline compiled and checked.
    func timelineQuery(filter: TimelineFilter, cache: Cache) throws -> TimelineQuery {
        var query = TimelineQuery(filter: filter)
        if let user { query.identity = try TimelineUser.resolve(user, in: cache) }
        if let text = pipelineText(self.query) {
            let compiled = try QueryCompiler.compile(text, catalog: try Catalog.load(from: cache))
            let names = Set(compiled.columns.map(\.name))
            guard TimelineQuery.fullColumns.allSatisfy(names.contains), names.contains("time_ns") else {
                throw UsageError(
                    message: "--query: the pipeline must keep the timeline's columns (where, search, head, dedup do; "
                        + "project and stats do not)")
            }
            query.pipeline = TimelineQuery.Pipeline(sql: compiled.sql, parameters: compiled.parameters)
        }
        return query
    }

    /// `--query` as a whole pipeline: a bare filter is read as `from timeline | <filter>`.
    private func pipelineText(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        let lowered = text.lowercased()
        return lowered.hasPrefix("from ") || lowered.hasPrefix("from\t") || lowered.hasPrefix("from\n")
            ? text : "from timeline | " + text
    }

    /// What the options select, for the report's header: (label, value) pairs.
    func scope(_ filter: TimelineFilter) -> [(label: String, value: String)] {
        var scope: [(label: String, value: String)] = []
        if let user { scope.append(("user", user)) }
        if let ip { scope.append(("ip", ip)) }
        if let namespace { scope.append(("namespace", namespace)) }
        if let query { scope.append(("query", query)) }
        if let since = filter.window.since { scope.append(("from", since)) }
        if let until = filter.window.until { scope.append(("until", until)) }
        return scope
    }

    /// What the manifest records as the export's subject and window.
    func provenance(_ filter: TimelineFilter) -> ExportProvenance {
        var details: [String: String] = [:]
        for (label, value) in scope(filter) { details[label] = value }
        let text = scope(filter).map { "\($0.label) \($0.value)" }.joined(separator: ", ")
        return ExportProvenance(
            commandLine: CommandLine.arguments,
            subject: ExportManifest.Subject(
                kind: "timeline", text: text.isEmpty ? "every event" : text, details: details),
            window: filter.window.since == nil && filter.window.until == nil
                ? nil : ExportManifest.Window(since: filter.window.since, until: filter.window.until))
    }
}
