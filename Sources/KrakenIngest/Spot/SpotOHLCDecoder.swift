import Foundation

/// Decodes `GET /0/public/OHLC` answers in every variant seen: `last` as a number or a string, the result key as
/// whichever key is not `last`, zero-trade rows (`count 0`, vwap `"0"`) or missing rows for slots without trades,
/// 720 or 721 rows. The current, unfinished candle (any row after `last`) is never returned.
///
/// ```swift
/// let page = try SpotOHLCDecoder.decode(body, interval: CandleInterval(minutes: 60)!, since: nil)
/// page.candles.last!.openTime <= page.last   // true
/// ```
public enum SpotOHLCDecoder {
    /// Closed candles the endpoint serves at least (720 rows, the last one unfinished): the formula's floor.
    public static let closedCandlesServed: Int64 = 719

    /// Decodes `body`. `since` is the exclusive `since` of the request, if one was sent: the slots after it are
    /// vouched for down to `since + interval` when that lies inside what the endpoint serves.
    public static func decode(_ body: Data, interval: CandleInterval, since: Int64?) throws -> SpotOHLCPage {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any],
            let result = object["result"] as? [String: Any]
        else {
            throw SpotResponseError("OHLC answer has no result object")
        }
        guard let last = integer(result["last"]) else { throw SpotResponseError("OHLC answer has no usable `last`") }
        let keys = result.keys.filter { $0 != "last" }
        guard keys.count == 1, let key = keys.first, let rows = result[key] as? [Any] else {
            throw SpotResponseError("OHLC answer should hold one pair key besides `last`, found \(keys.sorted())")
        }
        var candles: [Candle] = []
        var zeroRows = 0
        var seen = Set<Int64>()
        for (index, raw) in rows.enumerated() {
            let candle = try row(raw, index: index, interval: interval)
            guard candle.openTime <= last, seen.insert(candle.openTime).inserted else { continue }
            if candle.trades == 0 {
                zeroRows += 1
                continue
            }
            candles.append(candle)
        }
        candles.sort { $0.openTime < $1.openTime }
        return SpotOHLCPage(
            resultKey: key, interval: interval, last: last, candles: candles,
            span: span(last: last, first: candles.first?.openTime, interval: interval, since: since),
            rowsReturned: rows.count, zeroTradeRows: zeroRows)
    }

    /// The open times the answer vouches for: from its first finished row (or from `since + interval`, when that is
    /// earlier but still inside the closed candles the endpoint is known to serve) through `last`.
    static func span(last: Int64, first: Int64?, interval: CandleInterval, since: Int64?) -> TimeRange? {
        let end = last + interval.seconds
        let servedFrom = last - (closedCandlesServed - 1) * interval.seconds
        var start = first
        if let since {
            let after = interval.floor(since) + interval.seconds
            if after >= servedFrom, after <= (first ?? end) { start = after }
        }
        guard let start, start < end else { return nil }
        return TimeRange(start: start, end: end)
    }

    private static func row(_ raw: Any, index: Int, interval: CandleInterval) throws -> Candle {
        guard let fields = raw as? [Any], fields.count >= 8, let time = integer(fields[0]),
            let open = decimal(fields[1]), let high = decimal(fields[2]), let low = decimal(fields[3]),
            let close = decimal(fields[4]), let vwap = decimal(fields[5]), let volume = decimal(fields[6]),
            let count = integer(fields[7])
        else {
            throw SpotResponseError("OHLC row \(index) is not [time,open,high,low,close,vwap,volume,count]")
        }
        guard interval.isAligned(time) else {
            throw SpotResponseError("OHLC row \(index) opens at \(time), not on a \(interval)-minute boundary")
        }
        return Candle(
            openTime: time, open: open, high: high, low: low, close: close, volume: volume, trades: count,
            vwap: count == 0 ? nil : vwap)
    }

    /// An integer sent as a JSON number or a decimal string.
    static func integer(_ value: Any?) -> Int64? {
        if let text = value as? String { return Int64(text) ?? Double(text).flatMap { Int64(exactly: $0) } }
        if let number = value as? NSNumber { return Int64(exactly: number.doubleValue) }
        return nil
    }

    private static func decimal(_ value: Any?) -> Double? {
        if let text = value as? String { return Double(text).flatMap { $0.isFinite ? $0 : nil } }
        return (value as? NSNumber)?.doubleValue
    }
}
