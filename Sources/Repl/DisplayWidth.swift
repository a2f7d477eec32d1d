internal import CEditLine

/// Terminal cell widths of text: wide (East Asian) characters take two cells, combining marks
/// none. Falls back to one cell a character where the C library cannot tell (C locale).
enum DisplayWidth {
    static func of(_ text: String) -> Int {
        var width = 0
        for character in text {
            width += of(character)
        }
        return width
    }

    static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if first.isASCII { return 1 }
        let cells = aegis_wcwidth(first.value)
        return cells < 0 ? 1 : Int(cells)
    }

    /// The longest start of `text` that fits in `width` cells, with "…" when cut.
    static func truncate(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        guard width > 1 else { return width == 1 ? "…" : "" }
        var kept = ""
        var used = 0
        for character in text {
            let cells = of(character)
            if used + cells > width - 1 { break }
            kept.append(character)
            used += cells
        }
        return kept + "…"
    }
}
