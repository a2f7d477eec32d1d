import AegisAudit
import Dispatch
import Exporters
import Foundation
import QueryLang

extension ReplSession {
    /// Compiles (QueryLang) or takes as is (SQL), then runs or explains one statement and
    /// prints its result. Errors are reported; returns whether it worked.
    func execute(_ text: String) -> Bool {
        let language = settings.language
        do {
            let prepared = try prepare(StatementScanner.runnable(text, language: language), language: language)
            settings.last = prepared
            if settings.explainOnly {
                try explain(prepared)
                return true
            }
            try run(prepared)
            return true
        } catch is Interrupted {
            // The terminal has echoed ^C: start a line of its own.
            reportLine((Terminal.isTerminal(STDERR_FILENO) ? "\n" : "") + "interrupted")
        } catch let failure as QueryError where language == .queryLang {
            // The position is in the generated SQL, not in the pipeline the user wrote.
            report(QueryError(query: failure.query, offset: nil, message: failure.message))
        } catch {
            report(error)
        }
        return false
    }

    private func prepare(_ text: String, language: ReplLanguage) throws -> PreparedStatement {
        switch language {
        case .queryLang:
            let compiled = try QueryCompiler.compile(text, catalog: catalog)
            return PreparedStatement(text: text, language: language, sql: compiled.sql, parameters: compiled.parameters)
        case .sql:
            return PreparedStatement(text: text, language: language, sql: text, parameters: [])
        }
    }

    /// Runs `statement` into the current output, whole or not at all for a file.
    func run(_ statement: PreparedStatement) throws {
        try writeResult { sink in
            try interruptible {
                try CacheQuery.run(statement.sql, parameters: statement.parameters, on: cache, into: sink)
            }
        }
    }

    /// Writes the rows `produce` feeds its sink (returning how many) to the current output, in
    /// the current format, whole or not at all for a file; reports the rows written to a file
    /// and the time taken.
    func writeResult(_ produce: (RowSink) throws -> Int) throws {
        let target = settings.target
        if case .once = target { settings.target = .terminal }
        let (stream, finish) = try target.openResult()
        let sink: RowSink
        if target == .terminal, settings.format == .table {
            let style = TableStyle(
                width: Terminal.isTerminal(STDOUT_FILENO) ? (Terminal.columns() ?? 80) : nil,
                maxRows: settings.maxRows, colours: options.colours)
            sink = TerminalTable(output: stream, style: style)
        } else {
            sink = settings.format.sink(to: stream)
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let rows: Int
        do {
            rows = try produce(sink)
            try stream.commit()
            try finish()
        } catch {
            stream.abandon()
            throw error
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if target != .terminal {
            say("\(rows) row\(rows == 1 ? "" : "s") written to \(target.path ?? "")")
        }
        if settings.timing {
            say(elapsed < 1 ? "time: \(Self.decimal(elapsed * 1000)) ms" : "time: \(Self.decimal(elapsed)) s")
        }
    }

    /// The SQL, its parameters and SQLite's plan for `statement`.
    func explain(_ statement: PreparedStatement) throws {
        var lines = [statement.sql]
        for (index, value) in statement.parameters.enumerated() { lines.append("  ?\(index + 1) = \(value)") }
        lines.append("plan:")
        let plan = try CacheQuery.plan(statement.sql, parameters: statement.parameters, on: cache)
        lines += plan.map { "  " + $0 }
        say(lines.joined(separator: "\n"))
    }

    private static func decimal(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    }
}

extension OutputTarget {
    /// The file results go to, if not the terminal.
    var path: String? {
        switch self {
        case .terminal: return nil
        case .file(let path), .once(let path): return path
        }
    }
}
