/// Names laid out in columns across the terminal, like `ls` (completion lists, `.tables`).
enum ColumnList {
    static func render(_ items: [String], width: Int) -> String {
        guard !items.isEmpty else { return "" }
        let cell = (items.map(DisplayWidth.of).max() ?? 0) + 2
        let perLine = max(1, width / cell)
        var text = ""
        for (index, item) in items.enumerated() {
            let last = index % perLine == perLine - 1 || index == items.count - 1
            text += last ? item + "\n" : item + String(repeating: " ", count: cell - DisplayWidth.of(item))
        }
        return text
    }
}
