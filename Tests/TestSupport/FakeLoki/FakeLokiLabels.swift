/// One `name="value"` label.
struct LabelPair: Hashable, Sendable {
    var name: String
    var value: String
}

/// A label set sorted by name: the identity of a stream or of a metric series.
struct LabelSet: Hashable, Sendable {
    let pairs: [LabelPair]

    init(_ dictionary: [String: String]) {
        pairs = dictionary.map { LabelPair(name: $0.key, value: $0.value) }.sorted { $0.name < $1.name }
    }

    init(sortedPairs: [LabelPair]) { pairs = sortedPairs }

    static let empty = LabelSet(sortedPairs: [])

    var dictionary: [String: String] {
        Dictionary(pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Prometheus' text form `{a="x", b="y"}` (values quoted like Go's `strconv.Quote`), which is
    /// also what Loki sorts result streams by.
    var text: String {
        var result = "{"
        for (index, pair) in pairs.enumerated() {
            if index > 0 { result += ", " }
            result += pair.name + "=" + goQuote(pair.value)
        }
        return result + "}"
    }

    /// This set plus `extra`; a name already present gets the suffix `_extracted`, as Loki's
    /// `LabelsBuilder.Add` does for structured metadata that clashes with a stream label.
    func merging(_ extra: LabelSet) -> LabelSet {
        if extra.pairs.isEmpty { return self }
        var names = Set(pairs.map(\.name))
        var merged = pairs
        for pair in extra.pairs {
            let name = names.contains(pair.name) ? pair.name + "_extracted" : pair.name
            names.insert(name)
            merged.append(LabelPair(name: name, value: pair.value))
        }
        return LabelSet(sortedPairs: merged.sorted { $0.name < $1.name })
    }

    /// Only the labels named in `names` (`sum by`), or all but those (`sum without`).
    func keeping(_ names: Set<String>, without: Bool) -> LabelSet {
        LabelSet(sortedPairs: pairs.filter { names.contains($0.name) != without })
    }

    /// Prometheus' `labels.Compare`: pairwise by name, then value; a prefix sorts first.
    static func compare(_ left: LabelSet, _ right: LabelSet) -> Bool {
        for (a, b) in zip(left.pairs, right.pairs) {
            if a.name != b.name { return a.name < b.name }
            if a.value != b.value { return a.value < b.value }
        }
        return left.pairs.count < right.pairs.count
    }
}

/// Go's `strconv.Quote` for the characters that occur in label values: quotes, backslashes and
/// control characters escaped, printable Unicode kept.
func goQuote(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case "\u{07}": result += "\\a"
        case "\u{08}": result += "\\b"
        case "\u{0C}": result += "\\f"
        case "\u{0B}": result += "\\v"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
    }
    return result + "\""
}
