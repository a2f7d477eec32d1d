import AegisAudit
import Foundation

/// The report's chart: events per time bin as bars stacked by source, with each finding
/// marked above the bars (a triangle in its severity's colour, linking to the finding) and a
/// dashed line down to where it happened. Inline SVG, no script.
enum HTMLActivityChart {
    struct Marker {
        let micros: Int64
        let severity: String
        let label: String
        let anchor: String
    }

    struct Data {
        var binSeconds: Int64 = 3600
        var startMicros: Int64 = 0
        var endMicros: Int64 = 0
        /// Events per bin start (microseconds) and source.
        var counts: [Int64: [String: Int]] = [:]
        var markers: [Marker] = []
    }

    /// Bin widths the chart may use, in seconds.
    static let widths: [Int64] = [
        1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172_800, 604_800,
        2_592_000, 7_776_000, 31_536_000,
    ]

    /// The narrowest width that covers `spanSeconds` in at most `bins` bars.
    static func binWidth(spanSeconds: Double, bins: Int) -> Int64 {
        widths.first { Double($0) * Double(bins) >= spanSeconds } ?? widths.last!
    }

    private static let width = 1000.0, height = 250.0
    private static let left = 56.0, right = 14.0, top = 26.0, bottom = 34.0

    /// The chart's SVG, times on the axis shown in `zone`.
    static func svg(_ data: Data, zone: DisplayZone) -> String {
        let binMicros = data.binSeconds * 1_000_000
        let bins = Int((data.endMicros - data.startMicros) / binMicros) + 1
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let barWidth = plotWidth / Double(bins)
        let totals = data.counts.values.map { $0.values.reduce(0, +) }
        let highest = totals.max() ?? 0
        // Four grid steps of a round size (1, 2, 5 × 10ⁿ) that reach the highest bar.
        let step = niceCeiling((highest + 3) / 4)
        let scale = step * 4
        var svg = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" \
            aria-labelledby="chart-title">
            <title id="chart-title">Events per \(duration(data.binSeconds)), stacked by source; findings marked above</title>

            """
        // Grid and y axis.
        let stepSize = step
        for step in 0...4 {
            let value = stepSize * step
            let y = top + plotHeight - plotHeight * Double(step) / 4
            svg += "<line class=\"grid\" x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - right))\" y2=\"\(f(y))\"/>"
            svg +=
                "<text class=\"axis\" x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(HTMLText.number(value))</text>\n"
        }
        // Bars.
        let order = HTMLReportStyle.sourceOrder
        for (start, perSource) in data.counts.sorted(by: { $0.key < $1.key }) {
            let index = Double((start - data.startMicros) / binMicros)
            let x = left + index * barWidth + (barWidth > 4 ? 0.5 : 0)
            let w = max(barWidth - (barWidth > 4 ? 1 : 0), 0.6)
            var y = top + plotHeight
            let sources = perSource.keys.sorted {
                (order.firstIndex(of: $0) ?? 99, $0) < (order.firstIndex(of: $1) ?? 99, $1)
            }
            for source in sources {
                let count = perSource[source] ?? 0
                let h = scale == 0 ? 0 : plotHeight * Double(count) / Double(scale)
                y -= h
                svg += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"\(f(h))\" "
                svg += "fill=\"\(HTMLReportStyle.sourceColor(source))\">"
                svg +=
                    "<title>\(HTMLText.attribute(label(start, zone: zone, long: true))): \(count) \(HTMLText.escape(source))</title></rect>\n"
            }
        }
        // X axis: a label every round interval (15 minutes, 1 hour, 1 day, ...), about six of them.
        let spanMicros = Int64(bins) * binMicros
        let tick = widths.first { $0 * 1_000_000 * 7 >= spanMicros } ?? widths.last!
        let tickMicros = tick * 1_000_000
        let long = Double(data.endMicros - data.startMicros) > 86_400e6 || tick >= 86_400
        var micros = (data.startMicros + tickMicros - 1) / tickMicros * tickMicros
        var first = true
        while micros <= data.startMicros + spanMicros {
            let x = left + plotWidth * Double(micros - data.startMicros) / Double(spanMicros)
            svg +=
                "<line class=\"tick\" x1=\"\(f(x))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(x))\" y2=\"\(f(top + plotHeight + 5))\"/>"
            svg += "<text class=\"axis\" x=\"\(f(x))\" y=\"\(f(height - bottom + 20))\" text-anchor=\"middle\">"
            svg += HTMLText.escape(label(micros, zone: zone, long: long || first)) + "</text>\n"
            first = false
            micros += tickMicros
        }
        svg +=
            "<line class=\"baseline\" x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(width - right))\" y2=\"\(f(top + plotHeight))\"/>\n"
        // Findings.
        let span = Double(bins) * Double(binMicros)
        for marker in data.markers
        where marker.micros >= data.startMicros && Double(marker.micros - data.startMicros) <= span {
            let x = left + plotWidth * Double(marker.micros - data.startMicros) / span
            let colour = HTMLReportStyle.severityColor(marker.severity)
            svg +=
                "<a href=\"#\(marker.anchor)\"><title>\(HTMLText.attribute(marker.severity)) · \(HTMLText.attribute(marker.label))</title>"
            svg +=
                "<line class=\"finding-line\" x1=\"\(f(x))\" y1=\"\(f(top - 6))\" x2=\"\(f(x))\" y2=\"\(f(top + plotHeight))\" stroke=\"\(colour)\"/>"
            svg +=
                "<path d=\"M\(f(x - 6)) \(f(top - 20)) L\(f(x + 6)) \(f(top - 20)) L\(f(x)) \(f(top - 8)) Z\" fill=\"\(colour)\" class=\"finding-mark\"/></a>\n"
        }
        if data.counts.isEmpty {
            svg +=
                "<text class=\"empty\" x=\"\(f(width / 2))\" y=\"\(f(top + plotHeight / 2))\" text-anchor=\"middle\">No events in this window</text>\n"
        }
        return svg + "</svg>"
    }

    /// 1, 2, 5 × 10ⁿ at or above `value` (at least 1).
    static func niceCeiling(_ value: Int) -> Int {
        var magnitude = 1
        while true {
            for step in [1, 2, 5] where step * magnitude >= value { return step * magnitude }
            magnitude *= 10
        }
    }

    /// `02:15` or, with `long`, `2026-11-18 02:15`, in `zone`.
    private static func label(_ micros: Int64, zone: DisplayZone, long: Bool) -> String {
        let utc = CacheTime.text(microseconds: micros)
        let shown = zone == .utc ? utc : ZonedTimestamp.render(utc, in: zone) ?? utc
        let characters = Array(shown)
        let time = String(characters[11..<16])
        return long ? String(characters[0..<10]) + " " + time : time
    }

    /// `5 minutes`, `1 hour`, `1 day`: a bin width in words.
    static func duration(_ seconds: Int64) -> String {
        for (unit, size) in [("week", Int64(604_800)), ("day", 86_400), ("hour", 3600), ("minute", 60)]
        where seconds >= size && seconds % size == 0 {
            let count = seconds / size
            return count == 1 ? unit : "\(count) \(unit)s"
        }
        return seconds == 1 ? "second" : "\(seconds) seconds"
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
