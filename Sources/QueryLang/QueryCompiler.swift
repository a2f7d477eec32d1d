import AegisAudit
import Foundation

/// A query compiled to one SQLite statement: SQL with numbered parameters (`?1`, `?2`, ...)
/// and the values to bind. Nothing from the query text is spliced into the SQL but
/// identifiers checked against the catalog.
public struct CompiledQuery: Sendable {
    public let sql: String
    public let parameters: [CacheValue]
    /// The result's columns and their types.
    public let columns: [Catalog.Column]
}

/// QueryLang's stages, in order:
///
///     text ─ Lexer ─▶ tokens ─ Parser ─▶ Pipeline ─ QueryCompiler (check + emit) ─▶ CompiledQuery
///
/// Each stage reports problems as ``Diagnostic``s with byte spans; nothing runs until the
/// whole query has been checked against the ``Catalog``.
public enum QueryCompiler {
    /// Parses, checks and compiles `text`; `now` anchors `ago()`, `now()` and `since`;
    /// `parameters` are the values of the `$name`s in the text (each read as a literal).
    public static func compile(
        _ text: String, catalog: Catalog, now: Date = Date(), parameters: [String: QueryParameter] = [:]
    ) throws(QueryDiagnostics) -> CompiledQuery {
        let pipeline = try Parser.parse(text, parameters: parameters)
        let checked = Compilation(catalog: catalog, now: now)
        do {
            let relation = try relation(of: pipeline, compilation: checked)
            // Checked as written (diagnostics name every column of a view, and every condition
            // is type-checked); then, when constant conditions fold or a view can be read with
            // fewer columns, compiled again that way.
            let folded = ConstantFolding.fold(pipeline)
            if checked.readsUnionView || folded != pipeline {
                let optimised = Compilation(catalog: catalog, now: now, narrowsUnions: true)
                if let relation = try? Self.relation(of: folded, compilation: optimised) {
                    return finish(relation, compilation: optimised)
                }
            }
            return finish(relation, compilation: checked)
        } catch {
            throw QueryDiagnostics(query: text, diagnostics: [error])
        }
    }

    private static func finish(_ relation: Relation, compilation: Compilation) -> CompiledQuery {
        var sql = relation.sql
        if !relation.endsWithOrderBy, !relation.order.isEmpty {
            sql =
                "SELECT * FROM (\(sql)) ORDER BY "
                + relation.order.map { "\($0.column) \($0.descending ? "DESC" : "ASC")" }.joined(separator: ", ")
        }
        return CompiledQuery(
            sql: compilation.withUnions(SubqueryHoister.hoist(sql)), parameters: compilation.parameters,
            columns: relation.columns)
    }

    static func relation(of pipeline: Pipeline, compilation: Compilation) throws(Diagnostic) -> Relation {
        guard let table = compilation.catalog.tables[pipeline.table] else {
            let suggestion = Suggestions.closest(to: pipeline.table, among: Array(compilation.catalog.tables.keys))
            throw Diagnostic(
                .unknownTable, "no table '\(pipeline.table)' in the cache", at: pipeline.tableSpan,
                hints: suggestion.map { ["did you mean '\($0)'?"] }
                    ?? ["tables: " + compilation.catalog.tables.keys.sorted().joined(separator: ", ")])
        }
        var relation = Relation(
            sql: "SELECT * FROM \(Quote.identifier(table.name))", columns: table.columns, timeColumn: table.timeColumn)
        if let union = table.union {
            compilation.readsUnionView = true
            if compilation.narrowsUnions, let wanted = ColumnUsage.columns(readBy: pipeline, from: table) {
                relation.sql = "SELECT * FROM \(compilation.addUnion(union.select(columns: wanted)))"
                relation.columns = table.columns.filter { wanted.contains($0.name) }
            }
        }
        var stages = StageCompiler(compilation: compilation, root: table)
        for (stage, span) in pipeline.stages {
            relation = try stages.apply(stage, span: span, to: relation)
        }
        return relation
    }
}
