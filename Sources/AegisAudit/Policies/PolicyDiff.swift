/// `policies diff`: compares the comparisons of a ``PolicyDiffPlan`` field by field and
/// streams one row per difference into a ``RowSink``: a policy `added` or `removed` (one row,
/// the whole policy as JSON), or `changed` (one row per field, before and after as canonical
/// JSON, so that key order and the order of actions or resources do not count), each with
/// what Loki recorded about the change (``PolicyChangeAttribution``).
///
/// Both sides are read in key order (by id between snapshots, by name against a baseline file,
/// whose policies have no id) and merged in one pass, so memory holds one policy per side.
public enum PolicyDiff {
    /// How many differences one comparison found.
    public struct Summary: Sendable, Equatable {
        public let source: String
        public let before: String
        public let after: String
        public internal(set) var added = 0
        public internal(set) var removed = 0
        public internal(set) var changed = 0
        public internal(set) var unchanged = 0

        public var differences: Int { added + removed + changed }
    }

    /// The columns of the rows.
    public static let columns: [ResultColumn] = [
        ResultColumn(name: "source", declaredType: "TEXT"), ResultColumn(name: "change", declaredType: "TEXT"),
        ResultColumn(name: "policy_id", declaredType: "TEXT"), ResultColumn(name: "name", declaredType: "TEXT"),
        ResultColumn(name: "field", declaredType: "TEXT"), ResultColumn(name: "before", declaredType: "JSONTEXT"),
        ResultColumn(name: "after", declaredType: "JSONTEXT"),
        ResultColumn(name: "compared_from", declaredType: "TEXT"),
        ResultColumn(name: "compared_to", declaredType: "TEXT"),
        ResultColumn(name: "updated_at", declaredType: "TEXT"), ResultColumn(name: "attribution", declaredType: "TEXT"),
        ResultColumn(name: "loki_lines", declaredType: "JSONTEXT"),
    ]

    /// How far on each side of a policy's `updated_at` Loki is searched when there is no
    /// earlier snapshot to bound the window (a comparison with a baseline file).
    public static let aroundUpdatedAtSeconds: Int64 = 15 * 60

    /// Runs every comparison of `plan` into `sink`; `beforeFinish` sees the summaries before
    /// the sink is finished (a text writer prints them last).
    @discardableResult
    public static func run(
        _ plan: PolicyDiffPlan, cache: Cache, into sink: RowSink, beforeFinish: ([Summary]) throws -> Void = { _ in }
    ) throws -> [Summary] {
        let attribution = try PolicyChangeAttribution(cache: cache)
        try sink.begin(columns: columns)
        var summaries: [Summary] = []
        for comparison in plan.comparisons {
            var run = ComparisonRun(comparison: comparison, cache: cache, attribution: attribution, sink: sink)
            summaries.append(try run.compare())
        }
        try beforeFinish(summaries)
        try sink.finish()
        return summaries
    }
}

/// One comparison, merged in key order.
private struct ComparisonRun {
    let comparison: PolicyDiffPlan.Comparison
    let cache: Cache
    let attribution: PolicyChangeAttribution
    let sink: RowSink
    var summary: PolicyDiff.Summary

    init(comparison: PolicyDiffPlan.Comparison, cache: Cache, attribution: PolicyChangeAttribution, sink: RowSink) {
        self.comparison = comparison
        self.cache = cache
        self.attribution = attribution
        self.sink = sink
        summary = PolicyDiff.Summary(
            source: comparison.source, before: comparison.before.label, after: comparison.after.label)
    }

    private var byName: Bool {
        if case .baseline = comparison.before { return true }
        return false
    }

    private func key(_ policy: PolicyDefinition) -> [UInt8] { Array((byName ? policy.name : policy.id ?? "").utf8) }

    mutating func compare() throws -> PolicyDiff.Summary {
        var after = try PolicySnapshotReader(comparison.after, order: byName ? .name : .id, cache: cache)
        var nextBefore: () throws -> PolicyDefinition?
        switch comparison.before {
        case .snapshot(let snapshot):
            var reader = try PolicySnapshotReader(snapshot, order: .id, cache: cache)
            nextBefore = { try reader.next() }
        case .baseline(let baseline):
            var iterator = baseline.policies.sorted {
                Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8))
            }
            .makeIterator()
            nextBefore = { iterator.next() }
        }
        var old = try nextBefore()
        var new = try after.next()
        while old != nil || new != nil {
            if let before = old, new == nil || key(before).lexicographicallyPrecedes(key(new!)) {
                try removed(before)
                old = try nextBefore()
            } else if let added = new, old == nil || key(added).lexicographicallyPrecedes(key(old!)) {
                try self.added(added)
                new = try after.next()
            } else {
                try changed(old!, new!)
                old = try nextBefore()
                new = try after.next()
            }
        }
        return summary
    }

    private mutating func added(_ policy: PolicyDefinition) throws {
        summary.added += 1
        let result = try attribution.attribute(policyID: policy.id, added: true, windows: windows(for: policy))
        try write("added", policy, field: nil, before: .null, after: .text(policy.document), result)
    }

    private mutating func removed(_ policy: PolicyDefinition) throws {
        summary.removed += 1
        var id = policy.id
        var windows = windows(for: policy)
        if id == nil, let (lastID, seenAt) = try lastSeen(name: policy.name) {
            id = lastID
            windows = [
                PolicyChangeAttribution.Window(after: nanoseconds(seenAt), until: nanoseconds(comparison.after.takenAt))
            ]
        }
        let result = try attribution.attribute(policyID: id, added: false, windows: windows)
        var shown = policy
        shown.id = id
        try write("removed", shown, field: nil, before: .text(policy.document), after: .null, result)
    }

    private mutating func changed(_ before: PolicyDefinition, _ after: PolicyDefinition) throws {
        let fields = PolicyDefinition.changedFields(before, after)
        guard !fields.isEmpty else {
            summary.unchanged += 1
            return
        }
        summary.changed += 1
        let result = try attribution.attribute(policyID: after.id, added: false, windows: windows(for: after))
        for field in fields {
            try write(
                "changed", after, field: field, before: before.cell(field) ?? .null, after: after.cell(field) ?? .null,
                result)
        }
    }

    /// Between two snapshots: from one to the other, and around the policy's `updated_at` when
    /// that lies outside (a change claimed earlier than the snapshot before it, or an edit
    /// that back-dated it). Against a baseline: around `updated_at`, else up to the snapshot.
    private func windows(for policy: PolicyDefinition?) -> [PolicyChangeAttribution.Window] {
        let end = nanoseconds(comparison.after.takenAt)
        let width = PolicyDiff.aroundUpdatedAtSeconds * 1_000_000_000
        let around = policy?.updatedAt.map(nanoseconds).map {
            PolicyChangeAttribution.Window(after: $0 - width, until: $0 + width)
        }
        switch comparison.before {
        case .snapshot(let snapshot):
            let start = nanoseconds(snapshot.takenAt)
            let between = PolicyChangeAttribution.Window(after: min(start, end), until: max(start, end))
            guard let around, let updated = policy?.updatedAt.map(nanoseconds),
                updated <= between.after! || updated > between.until!
            else { return [between] }
            return [between, around]
        case .baseline:
            return [around ?? PolicyChangeAttribution.Window(after: nil, until: end)]
        }
    }

    /// The id a policy of this name last had in an earlier snapshot of the source, and when
    /// that snapshot was taken.
    private func lastSeen(name: String) throws -> (String, String)? {
        let statement = try CacheStatement(
            """
            SELECT p.id, s.taken_at FROM policies p JOIN policy_snapshots s ON s.snapshot_no = p.snapshot_no
            WHERE p.source = ? AND p.name = ? AND p.snapshot_no < ? ORDER BY p.snapshot_no DESC LIMIT 1
            """, [.text(comparison.source), .text(name), .integer(comparison.after.number)], cache: cache)
        guard try statement.step(), let id = statement.text(0), let time = statement.text(1) else { return nil }
        return (id, time)
    }

    private func nanoseconds(_ time: String) -> Int64 { (CacheTime.microseconds(parsing: time) ?? 0) * 1000 }

    private func write(
        _ change: String, _ policy: PolicyDefinition, field: PolicyField?, before: CacheValue, after: CacheValue,
        _ result: PolicyChangeAttribution.Result
    ) throws {
        func text(_ value: String?) -> CacheValue { value.map(CacheValue.text) ?? .null }
        try sink.write(row: [
            .text(comparison.source), .text(change), text(policy.id), .text(policy.name), text(field?.rawValue),
            before, after, .text(comparison.before.label), .text(comparison.after.label),
            text(policy.updatedAt), .text(result.summary), .text(result.requests),
        ])
    }
}
