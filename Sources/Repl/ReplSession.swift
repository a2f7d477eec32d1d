import AegisAudit
import AegisSources
import Exporters
import Foundation
import QueryLang

/// The REPL over one cache: reads statements and meta-commands, runs them, prints results,
/// and carries on after any error.
///
/// On a terminal (stdin a tty) it edits lines with libedit, keeps history, completes with
/// Tab, and Ctrl-C cancels the running query. Otherwise it reads a script from stdin with no
/// prompt and no colour, writes errors to stderr, and reports whether every statement worked.
public final class ReplSession {
    /// How the session talks to the user.
    public struct Options: Sendable {
        public var interactive: Bool
        public var colours: Bool
        public var historyPath: String?
        /// Where `.hunts` and `.run` find hunt files; nil searches like `aegis-audit hunt`.
        public var huntDirectory: String?
        /// The investigation context hunt parameters default to.
        public var context: InvestigationContext

        public init(
            interactive: Bool, colours: Bool, historyPath: String?, huntDirectory: String? = nil,
            context: InvestigationContext = InvestigationContext()
        ) {
            self.interactive = interactive
            self.colours = colours
            self.historyPath = historyPath
            self.huntDirectory = huntDirectory
            self.context = context
        }

        /// Interactive when stdin is a terminal; colours when stdout is one too and the
        /// environment does not refuse them.
        public static func detect(environment: [String: String]) -> Options {
            let interactive = Terminal.isTerminal(STDIN_FILENO)
            return Options(
                interactive: interactive,
                colours: interactive && Terminal.isTerminal(STDOUT_FILENO)
                    && Terminal.wantsColours(environment: environment),
                historyPath: interactive ? HistoryFile.path(environment: environment) : nil)
        }
    }

    let cache: Cache
    let catalog: Catalog
    let options: Options
    let completer: Completer
    let redactor = SecretRedactor()
    var settings: SessionSettings
    var buffer: StatementBuffer
    /// Statements and meta-commands that failed.
    private(set) var failures = 0
    private var interrupter: QueryInterrupter?

    public init(cache: Cache, options: Options) throws {
        self.cache = cache
        self.options = options
        catalog = try Catalog.load(from: cache)
        completer = Completer(
            vocabulary: CompletionVocabulary(
                tables: catalog.tables.mapValues { $0.columns.map(\.name) }, operators: QueryVocabulary.operators,
                functions: QueryVocabulary.functions, keywords: QueryVocabulary.keywords,
                huntIDs: (try? Self.huntLibrary(directory: options.huntDirectory))?.hunts.map(\.id) ?? []))
        settings = SessionSettings(maxRows: options.interactive ? 100 : 0)
        buffer = StatementBuffer(language: .queryLang)
        // A statement that contains a secret of this environment (a search for a leaked
        // password, say) is kept out of the history file too.
        let environment = ProcessInfo.processInfo.environment
        for name in ["PGPASSWORD", "LOKI_PASSWORD", "LOKI_BEARER_TOKEN"] {
            redactor.register(secret: environment[name])
        }
    }

    /// Opens the cache at `cachePath` read-only and runs a session on the process's terminal
    /// (or stdin). Returns whether every statement succeeded.
    public static func run(
        cachePath: String, huntDirectory: String? = nil, context: InvestigationContext = InvestigationContext(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Bool {
        let cache = try Cache.openForReading(path: cachePath)
        var options = Options.detect(environment: environment)
        options.huntDirectory = huntDirectory
        options.context = context
        let session = try ReplSession(cache: cache, options: options)
        return session.run()
    }

    /// Reads until end of input or `.quit`. Returns false when a script had a statement that
    /// failed (at a terminal, errors were seen as they happened, so it returns true).
    public func run() -> Bool {
        if options.interactive {
            runInteractive()
            return true
        }
        runScript()
        return failures == 0
    }

    private func runInteractive() {
        Terminal.useUTF8Locale()
        interrupter = QueryInterrupter(database: cache.database)
        var historyPath = options.historyPath
        if let path = historyPath {
            do { try HistoryFile.prepare(path: path) } catch {
                report(error)
                historyPath = nil
            }
        }
        let reader = LineReader(programName: "aegis-audit", historyPath: historyPath)
        reader.complete = { [unowned self] line, cursor in
            completer.complete(statement: buffer.text, line: line, cursor: cursor, language: buffer.language)
        }
        say(
            "aegis-audit \(SyncEngine.toolVersion): cache \(cache.path), \(catalog.tables.count) tables, read-only.\n"
                + "Type .help for help; Tab completes, Ctrl-C cancels, Ctrl-D leaves.")
        while true {
            let prompt = buffer.isEmpty ? settings.language.prompt : settings.language.continuationPrompt
            switch reader.read(prompt: prompt) {
            case .endOfInput:
                say("")
                return
            case .cancelled:
                buffer.discard()
            case .line(let line):
                guard let input = buffer.add(line) else { continue }
                let entry: String
                switch input {
                case .meta(let text): entry = text
                case .statement(let text): entry = StatementScanner.historyLine(text, language: buffer.language)
                }
                if HistoryFile.mayStore(entry, redactor: redactor) { reader.remember(entry) }
                guard handle(input) else { return }
            }
        }
    }

    private func runScript() {
        var lines = LineSource()
        while let line = lines.next() {
            let language = buffer.language
            let input = buffer.add(line) { lines.peekSignificant(language: language) }
            if let input, !handle(input) { return }
        }
        if let input = buffer.finish() { _ = handle(input) }
    }

    /// Runs one input; false when the session should end.
    private func handle(_ input: ReplInput) -> Bool {
        switch input {
        case .meta(let text):
            do {
                let command = try MetaCommand.parse(text)
                if command == .quit { return false }
                try perform(command)
            } catch {
                failures += 1
                report(error)
            }
            buffer.language = settings.language
        case .statement(let text):
            if !execute(text) { failures += 1 }
        }
        return true
    }

    /// Writes `text` and a line break to standard output.
    func say(_ text: String) {
        let stream = Exporters.OutputStream.standardOutput()
        stream.write(text + "\n")
        try? stream.commit()
    }

    /// Writes an error to standard error, redacted, red on a colour terminal.
    func report(_ error: Error) {
        let text: String
        switch error {
        case let error as QueryDiagnostics: text = error.rendered
        case let error as QueryError: text = error.description
        case let error as ReplError: text = "error: \(error.description)"
        case let error as CacheError: text = "error: \(error.description)"
        case let error as ExportError: text = "error: \(error.description)"
        default: text = "error: \(error)"
        }
        reportLine(redactor.redact(text))
    }

    /// Writes `text` to standard error; its first line red on a colour terminal.
    func reportLine(_ text: String) {
        var shown = text
        if options.colours, Terminal.isTerminal(STDERR_FILENO) {
            let firstLine = text.prefix { $0 != "\n" }
            shown = "\u{1B}[31m\(firstLine)\u{1B}[0m" + text.dropFirst(firstLine.count)
        }
        FileHandle.standardError.write(Data((shown + "\n").utf8))
    }

    /// Runs `body` so that Ctrl-C interrupts it (on a terminal).
    func interruptible<T>(_ body: () throws -> T) throws -> T {
        guard let interrupter else { return try body() }
        do { return try interrupter.run(body) } catch {
            if interrupter.interrupted { throw Interrupted() }
            throw error
        }
    }

    /// A query stopped by Ctrl-C.
    struct Interrupted: Error {}
}

/// Standard input's lines, with a look at the next one that is not blank.
struct LineSource {
    private var peeked: [String] = []

    mutating func next() -> String? {
        peeked.isEmpty ? readLine(strippingNewline: true) : peeked.removeFirst()
    }

    /// The next line holding more than space and comments, without consuming it.
    mutating func peekSignificant(language: ReplLanguage) -> String? {
        for line in peeked where !StatementScanner.isBlank(line, language: language) { return line }
        while let line = readLine(strippingNewline: true) {
            peeked.append(line)
            if !StatementScanner.isBlank(line, language: language) { return line }
        }
        return nil
    }
}
