import AegisAudit
import Exporters

/// What the meta-commands change during a session.
struct SessionSettings {
    var language: ReplLanguage = .queryLang
    var format: ExportFormat = .table
    var target: OutputTarget = .terminal
    var timing = false
    /// Explain statements instead of running them (`.explain on`).
    var explainOnly = false
    /// Rows shown in a terminal table; 0 shows all.
    var maxRows: Int
    /// The last statement compiled, for `.explain`.
    var last: PreparedStatement?

    init(maxRows: Int) { self.maxRows = maxRows }
}

/// A statement ready to run: its SQL and the values to bind.
struct PreparedStatement {
    let text: String
    let language: ReplLanguage
    let sql: String
    let parameters: [CacheValue]
}
