/// What tab completion offers for the word before the cursor.
public struct Completion: Equatable, Sendable {
    /// The text before the cursor that the chosen candidate replaces.
    public let word: String
    /// Full replacements for `word`, sorted. A directory ends with `/` and a function with `(`;
    /// a sole candidate without either gets a space after it.
    public let candidates: [String]

    public init(word: String, candidates: [String]) {
        self.word = word
        self.candidates = candidates
    }

    static let none = Completion(word: "", candidates: [])

    /// The longest text every candidate starts with.
    public var commonPrefix: String {
        guard var prefix = candidates.first else { return word }
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// What to type after a sole candidate.
    var terminator: String {
        guard candidates.count == 1, let only = candidates.first else { return "" }
        return only.hasSuffix("/") || only.hasSuffix("(") ? "" : " "
    }
}
