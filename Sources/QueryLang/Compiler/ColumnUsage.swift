/// Which columns of its table a pipeline can read, so that a `UNION ALL` view is read with only
/// those (see `UnionView`).
///
/// The answer errs on the side of more: every name the pipeline's stages mention, whatever it
/// refers to, plus the table's time column (which `since`, `between`, `timechart`, `first` and
/// `last` use unnamed). It is nil, meaning every column, unless a stage that chooses its own
/// columns (`project`, `stats`, `top`, `rare`, `timechart`) comes before anything that reads
/// them all (`search`) and before the end of the pipeline.
enum ColumnUsage {
    static func columns(readBy pipeline: Pipeline, from table: Catalog.Table) -> [String]? {
        guard choosesColumns(pipeline) else { return nil }
        var names = Set<String>()
        for (stage, _) in pipeline.stages { collect(stage, into: &names) }
        if let time = table.timeColumn { names.insert(time) }
        return table.columns.map(\.name).filter(names.contains)
    }

    /// Whether a stage choosing its columns comes before the end and before any `search`.
    private static func choosesColumns(_ pipeline: Pipeline) -> Bool {
        for (stage, _) in pipeline.stages {
            switch stage {
            case .project, .stats, .top, .rare, .timechart: return true
            case .search: return false
            default: continue
            }
        }
        return false
    }

    private static func collect(_ stage: Stage, into names: inout Set<String>) {
        func add(_ expressions: [Expression]) { for expression in expressions { collect(expression, into: &names) } }
        switch stage {
        case .whereFilter(let condition): add([condition])
        case .search, .head: break
        case .project(let items), .extend(let items): add(items.map(\.expression))
        case .projectAway(let dropped), .dedup(let dropped): names.formUnion(dropped.map(\.0))
        case .rename(let items): names.formUnion(items.map(\.old))
        case .stats(let aggregates, let by), .timechart(_, let aggregates, let by, _):
            add((aggregates + by).map(\.expression))
        case .sort(let keys): add(keys.map(\.expression))
        case .top(_, let value, let by, _), .rare(_, let value, let by, _): add([value] + (by.map { [$0] } ?? []))
        case .join(_, _, let left, _, _, _): names.insert(left.0)
        case .union: break
        case .parse(let source, _, _): add([source])
        case .since: break
        case .between(let start, let end, _): add([start, end])
        case .new(let value, let entities, _, _): names.formUnion([value.0] + entities.map(\.0))
        }
    }

    private static func collect(_ expression: Expression, into names: inout Set<String>) {
        switch expression {
        case .column(let name, _): names.insert(name)
        case .member(let base, _, _): collect(base, into: &names)
        case .string, .integer, .real, .boolean, .null, .duration, .timestamp, .address, .regex: break
        case .call(_, let arguments, _), .list(let arguments, _):
            for argument in arguments { collect(argument, into: &names) }
        case .unary(_, let operand, _): collect(operand, into: &names)
        case .binary(_, let left, let right, _):
            collect(left, into: &names)
            collect(right, into: &names)
        case .inList(let value, let list, _, _):
            collect(value, into: &names)
            for item in list { collect(item, into: &names) }
        case .between(let value, let low, let high, _):
            for part in [value, low, high] { collect(part, into: &names) }
        }
    }
}
