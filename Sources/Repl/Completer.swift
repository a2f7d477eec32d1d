import Foundation

/// Tab completion that knows where the cursor is: table names after `from` (and SQL's
/// `join`), operators after `|`, the columns of the tables in play with functions and keywords
/// elsewhere; meta-commands at the start of a line, and their arguments: formats, on/off,
/// tables, hunt ids, file paths after `.output` and `.once`. Pure: the caller gives the text.
public struct Completer {
    public let vocabulary: CompletionVocabulary
    /// Lists a directory (injectable for tests); nil when it cannot be read.
    let listDirectory: (String) -> [String]?

    public init(
        vocabulary: CompletionVocabulary,
        listDirectory: @escaping (String) -> [String]? = { try? FileManager.default.contentsOfDirectory(atPath: $0) }
    ) {
        self.vocabulary = vocabulary
        self.listDirectory = listDirectory
    }

    /// Completes at the cursor. `statement` holds the earlier lines of a statement in progress
    /// ("" when none); `line` is the line being edited and `cursor` a UTF-8 offset into it.
    public func complete(statement: String, line: String, cursor: Int, language: ReplLanguage) -> Completion {
        let utf8 = line.utf8
        let cursorIndex = utf8.index(utf8.startIndex, offsetBy: min(max(0, cursor), utf8.count))
        let beforeCursor = String(line[..<cursorIndex])
        if statement.isEmpty, beforeCursor.trimmingSpaces().hasPrefix(".") || beforeCursor.hasPrefix(".") {
            return completeMeta(beforeCursor)
        }
        let fullStatement = statement.isEmpty ? line : statement + "\n" + line
        let before = statement.isEmpty ? beforeCursor : statement + "\n" + beforeCursor
        let tokens = ReplTokenizer(language: language).tokens(before)
        var word = ""
        var previous = tokens.filter(\.isSignificant)
        if let last = tokens.last {
            switch last.kind {
            case .quoted, .lineComment, .blockComment(closed: false), .regex: return .none
            case .word, .number:
                word = String(last.text)
                previous.removeLast()
            default: break
            }
        }
        let candidates: [String]
        switch language {
        case .queryLang:
            candidates = queryLangCandidates(previous: previous, statement: fullStatement, wordIsEmpty: word.isEmpty)
        case .sql: candidates = sqlCandidates(previous: previous, statement: fullStatement, wordIsEmpty: word.isEmpty)
        }
        return Completion(word: word, candidates: Self.matching(word, candidates))
    }

    /// With nothing typed yet, only columns are offered (functions and keywords would bury
    /// them); a first letter brings in everything that starts with it.
    private func queryLangCandidates(previous: [ReplToken], statement: String, wordIsEmpty: Bool) -> [String] {
        guard let last = previous.last else { return ["from"] }
        if last.kind == .word, last.text.lowercased() == "from" { return vocabulary.tables.keys.sorted() }
        if last.text == "|" { return vocabulary.operators }
        if last.text == "(",
            previous.dropLast().last?.text.lowercased() == "join"
                || previous.dropLast().last?.text.lowercased() == "union"
        {
            return ["from"]
        }
        let columns = columnsInPlay(statement, language: .queryLang) + namesDefined(in: previous)
        if wordIsEmpty { return columns }
        return columns + vocabulary.functions.map { $0 + "(" } + vocabulary.keywords
    }

    private func sqlCandidates(previous: [ReplToken], statement: String, wordIsEmpty: Bool) -> [String] {
        let tables = vocabulary.tables.keys.sorted()
        if let last = previous.last, last.kind == .word, ["from", "join"].contains(last.text.lowercased()) {
            return tables
        }
        let columns = columnsInPlay(statement, language: .sql)
        if wordIsEmpty { return columns }
        let functions = CompletionVocabulary.sqlFunctions.map { $0 + "(" }
        return columns + tables + functions + CompletionVocabulary.sqlKeywords
    }

    /// The columns of every table named after `from` (or SQL's `join`) anywhere in the
    /// statement; every table's columns when none is named yet.
    func columnsInPlay(_ statement: String, language: ReplLanguage) -> [String] {
        let words = ReplTokenizer(language: language).tokens(statement).filter(\.isSignificant)
        var tables: [String] = []
        for (index, token) in words.enumerated().dropLast()
        where token.kind == .word && ["from", "join"].contains(token.text.lowercased()) {
            let name = String(words[index + 1].text)
            if vocabulary.tables[name] != nil, !tables.contains(name) { tables.append(name) }
        }
        let chosen = tables.isEmpty ? vocabulary.tables.keys.sorted() : tables
        var seen: Set<String> = []
        return chosen.flatMap { vocabulary.tables[$0] ?? [] }.filter { seen.insert($0).inserted }
    }

    /// Names a QueryLang statement defines itself (`extend risk = ...`, `count() as n`).
    private func namesDefined(in tokens: [ReplToken]) -> [String] {
        var names: [String] = []
        for (index, token) in tokens.enumerated() where token.kind == .word && index + 1 < tokens.count {
            let next = tokens[index + 1]
            let isAssignment =
                next.text == "=" && (index + 2 >= tokens.count || tokens[index + 2].text != "=")
                && (index == 0 || !["=", "!", "<", ">"].contains(tokens[index - 1].text))
            if isAssignment { names.append(String(token.text)) }
        }
        for (index, token) in tokens.enumerated() where token.text.lowercased() == "as" && index + 1 < tokens.count {
            if tokens[index + 1].kind == .word { names.append(String(tokens[index + 1].text)) }
        }
        return names
    }

    private func completeMeta(_ line: String) -> Completion {
        let text = line.drop { $0 == " " || $0 == "\t" }
        guard let space = text.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
            let word = String(text)
            return Completion(word: word, candidates: Self.matching(word, vocabulary.metaCommands))
        }
        let command = text[..<space].lowercased()
        let argument = String(text[space...].drop { $0 == " " || $0 == "\t" })
        let choices: [String]
        switch command {
        case ".format": choices = MetaCommand.formats
        case ".timing", ".explain": choices = ["on", "off"]
        case ".schema": choices = vocabulary.tables.keys.sorted()
        case ".run": choices = vocabulary.huntIDs
        case ".output", ".once": return completePath(argument)
        default: choices = []
        }
        guard !argument.contains(" ") else { return .none }
        return Completion(word: argument, candidates: Self.matching(argument, choices))
    }

    /// Files and folders that complete `word` (a path as typed; `~/` is the home folder).
    func completePath(_ word: String) -> Completion {
        let slash = word.lastIndex(of: "/")
        let folder = slash.map { String(word[...$0]) } ?? ""
        let prefix = slash.map { String(word[word.index(after: $0)...]) } ?? word
        var directory = folder.isEmpty ? "." : folder
        if directory.hasPrefix("~/") || directory == "~/" {
            directory = NSHomeDirectory() + directory.dropFirst()
        }
        guard let entries = listDirectory(directory) else { return Completion(word: word, candidates: []) }
        let candidates =
            entries
            .filter { $0.hasPrefix(prefix) && (prefix.hasPrefix(".") || !$0.hasPrefix(".")) }
            .map { entry -> String in
                var isDirectory: ObjCBool = false
                let full = (directory as NSString).appendingPathComponent(entry)
                let folderMark =
                    FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) && isDirectory.boolValue
                return folder + entry + (folderMark ? "/" : "")
            }
        return Completion(word: word, candidates: candidates.sorted())
    }

    /// The candidates that start with `word`: exact case first, else ignoring case.
    static func matching(_ word: String, _ candidates: [String]) -> [String] {
        var seen: Set<String> = []
        let unique = candidates.filter { seen.insert($0).inserted }
        let exact = unique.filter { $0.hasPrefix(word) }
        if !exact.isEmpty || word.isEmpty { return exact.sorted() }
        let lowered = word.lowercased()
        return unique.filter { $0.lowercased().hasPrefix(lowered) }.sorted()
    }
}
