import Foundation

/// What `policies diff` compares, resolved from its options before anything is written: per
/// source with policies, a cached snapshot (or a baseline file) before, and a snapshot after.
public struct PolicyDiffPlan: Sendable {
    /// The side a comparison starts from.
    public enum Before: Sendable {
        case snapshot(PolicySnapshot)
        case baseline(PolicyBaseline)

        public var label: String {
            switch self {
            case .snapshot(let snapshot): return snapshot.label
            case .baseline(let baseline): return "baseline \(baseline.path)"
            }
        }
    }

    /// One comparison: a source's `before` with its snapshot `after`.
    public struct Comparison: Sendable {
        public let source: String
        public let before: Before
        public let after: PolicySnapshot
    }

    public let comparisons: [Comparison]

    /// Resolves `--from`, `--to` (a snapshot number or a time, see ``PolicySnapshot``) and
    /// `--baseline` (already loaded). Defaults: to the latest snapshot of each source, from the
    /// one before it.
    public static func resolve(
        from: String?, to: String?, baseline: PolicyBaseline?, cache: Cache, now: Date = Date()
    ) throws -> PolicyDiffPlan {
        if baseline != nil, let from {
            throw PolicyDiffError.conflictingOptions(
                "--from \(from) cannot be used with --baseline (the file is what the snapshot is compared with)")
        }
        let fromSelector = try from.map { text throws in
            try PolicySnapshot.Selector.parse(text, option: "--from", now: now)
        }
        let toSelector = try to.map { text throws in try PolicySnapshot.Selector.parse(text, option: "--to", now: now) }
        let sources = try PolicySnapshot.sources(in: cache)
        guard !sources.isEmpty else {
            throw PolicyDiffError.nothingToCompare(
                "the cache \(cache.path) holds no policy snapshot: run 'aegis-audit sync' with a backend database first"
            )
        }
        // A numbered --from names the one source to compare.
        var fromSnapshot: PolicySnapshot?
        if case .number(let number) = fromSelector {
            guard let snapshot = try PolicySnapshot.numbered(number, in: cache) else {
                throw try unknown("--from", from!, number, cache)
            }
            fromSnapshot = snapshot
        }
        let candidates = fromSnapshot.map { [$0.source] } ?? sources
        var afters: [PolicySnapshot] = []
        switch toSelector {
        case .number(let number):
            guard let snapshot = try PolicySnapshot.numbered(number, in: cache) else {
                throw try unknown("--to", to!, number, cache)
            }
            afters = [snapshot]
        case .time(let time):
            afters = try candidates.compactMap { try PolicySnapshot.latest(source: $0, atOrBefore: time, in: cache) }
            guard !afters.isEmpty else {
                throw PolicyDiffError.unknownSnapshot(
                    option: "--to", value: to!, reason: "no snapshot was taken at or before \(time)")
            }
        case nil:
            afters = try candidates.compactMap { try PolicySnapshot.latest(source: $0, atOrBefore: nil, in: cache) }
        }
        var comparisons: [Comparison] = []
        for after in afters {
            if let baseline {
                comparisons.append(Comparison(source: after.source, before: .baseline(baseline), after: after))
                continue
            }
            let before: PolicySnapshot
            switch fromSelector {
            case .number:
                let snapshot = fromSnapshot!
                guard snapshot.source == after.source else {
                    throw PolicyDiffError.conflictingOptions(
                        "--from \(from!) is a snapshot of \(snapshot.source), --to names one of \(after.source): "
                            + "compare snapshots of one source")
                }
                before = snapshot
            case .time(let time):
                guard let snapshot = try PolicySnapshot.latest(source: after.source, atOrBefore: time, in: cache) else {
                    throw PolicyDiffError.unknownSnapshot(
                        option: "--from", value: from!,
                        reason: "no snapshot of \(after.source) was taken at or before \(time)")
                }
                before = snapshot
            case nil:
                guard let snapshot = try PolicySnapshot.previous(after, in: cache) else {
                    throw PolicyDiffError.nothingToCompare(
                        "\(after.source): \(after.label) is its first policy snapshot, so there is nothing before it to "
                            + "compare with: sync again later, or compare with a known-good file (--baseline FILE)")
                }
                before = snapshot
            }
            comparisons.append(Comparison(source: after.source, before: .snapshot(before), after: after))
        }
        return PolicyDiffPlan(comparisons: comparisons)
    }

    private static func unknown(_ option: String, _ value: String, _ number: Int64, _ cache: Cache) throws
        -> PolicyDiffError
    {
        let statement = try CacheStatement(
            "SELECT min(snapshot_no), max(snapshot_no) FROM policy_snapshots", cache: cache)
        _ = try statement.step()
        return .unknownSnapshot(
            option: option, value: value,
            reason: "no such snapshot (the cache holds #\(statement.int64(0)) to #\(statement.int64(1)))")
    }
}
