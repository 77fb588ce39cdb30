/// The lines `poll` prints for a cycle: one summary line, then one line per failed series and a note on series
/// that fell out of the API's window.
public enum PollCycleText {
    public static func lines(_ o: PollCycleOutcome) -> String {
        let head = "\(o.boundaryISO) poll"
        switch o.status {
        case .busy:
            return "\(head): skipped, another writer holds the store (\(o.message ?? "busy")); the next cycle "
                + "catches up\n"
        case .unreachable:
            return "\(head): \(o.message ?? "Kraken could not be reached"); nothing written, the next cycle "
                + "tries again\n"
        case .completed, .failed:
            var text =
                "\(head): \(o.series) series, \(o.requests) request(s), \(o.candlesWritten) candle(s) written, "
                + "\(o.failures.count) failed"
                + (o.retries > 0 ? ", \(o.retries) retr\(o.retries == 1 ? "y" : "ies")" : "")
                + " (\(String(format: "%.1f", o.seconds)) s)\n"
            for failure in o.failures {
                text += "  \(failure.pair)/\(failure.interval): \(failure.kind): \(failure.message)\n"
            }
            if !o.behindAPIWindow.isEmpty {
                text +=
                    "  note: \(o.behindAPIWindow.joined(separator: ", ")) ended before the API's 720-candle "
                    + "window; the candles between need archives or trades (see `kraken-ingest gaps`)\n"
            }
            return text
        }
    }
}
