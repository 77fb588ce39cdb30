import Foundation

/// A plain, aligned text table for terminal output (numbers right-aligned).
public struct TextTable {
    public var headers: [String]
    public var rows: [[String]] = []
    /// Columns whose cells are right-aligned.
    public var rightAligned: Set<Int>

    public init(headers: [String], rightAligned: Set<Int> = []) {
        self.headers = headers
        self.rightAligned = rightAligned
    }

    public mutating func add(_ row: [String]) { rows.append(row) }

    /// Renders the table; `style` may wrap each padded body cell (row, column, text) in terminal colours, applied
    /// after padding so escape codes never upset the alignment.
    public func render(style: ((Int, Int, String) -> String)? = nil) -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String], row: Int?) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                let padded = rightAligned.contains(i) ? pad + cell : cell + pad
                guard let row, let style else { return padded }
                return style(row, i, padded)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = [line(headers, row: nil), line(widths.map { String(repeating: "-", count: $0) }, row: nil)]
        out += rows.enumerated().map { line($1, row: $0) }
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// Human-readable quantities.
public enum Humanize {
    /// `1.5 MB`, `312 B`.
    public static func bytes(_ n: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(n)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(n) B" : String(format: "%.1f", value) + " " + units[unit]
    }

    /// `1:02:03` or `2:03`.
    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600
            ? String(format: "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60)
            : String(format: "%ld:%02ld", s / 60, s % 60)
    }

    /// `1,234,567`.
    public static func count(_ n: Int64) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }
}
