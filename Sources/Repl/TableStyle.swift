/// How ``TerminalTable`` lays a result out.
public struct TableStyle: Sendable, Equatable {
    /// Terminal columns to fit in; nil for no limit (not a terminal).
    public var width: Int?
    /// Rows shown before "N more rows"; 0 shows them all.
    public var maxRows: Int
    /// ANSI colours and bold (a terminal that wants them).
    public var colours: Bool

    public init(width: Int?, maxRows: Int, colours: Bool) {
        self.width = width
        self.maxRows = maxRows
        self.colours = colours
    }

    /// Cells never shrink below this (or their own width) to make room.
    static let minimumColumn = 6
    /// Without a terminal width, long cells are still cut here.
    static let maximumCell = 200
    /// Rows read to size the columns when there is no row cap; later rows stream.
    static let sampleRows = 1000
}
