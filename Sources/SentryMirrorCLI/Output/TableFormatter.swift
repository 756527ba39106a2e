/// Renders rows as a plain text table with a header line, columns padded to fit.
struct TableFormatter {
    var columns: [String]
    var rows: [[String]]

    /// The table's text, one line per row, without a trailing newline.
    func render() -> String {
        var widths = columns.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1
                    ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(columns)] + rows.map(line)).joined(separator: "\n")
    }
}
