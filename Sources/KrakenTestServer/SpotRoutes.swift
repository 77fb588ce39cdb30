import Foundation

/// Kraken spot's public endpoints as the imitation serves them.
public enum SpotRoutes {
    /// `/0/public/OHLC`.
    public static let ohlcPath = "/0/public/OHLC"
    /// `/0/public/AssetPairs`.
    public static let assetPairsPath = "/0/public/AssetPairs"
    /// The intervals the OHLC endpoint accepts (no 720: that one exists only in the archives).
    public static let ohlcIntervals: Set<Int> = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600]

    /// `GET /0/public/OHLC?pair=&interval=&since=` with Kraken's rules: only the newest `ohlcRows` (720) rows as
    /// of the server's now, the last one the unfinished current candle (always present), `since` exclusive,
    /// the pair's key as result key, `last` = open time of the last finished candle.
    public static func ohlc(_ request: TestRequest, _ context: TestServerContext) -> TestReply {
        let configuration = context.configuration
        guard let name = request.query["pair"], !name.isEmpty else { return .spotError("EGeneral:Invalid arguments") }
        guard let pair = configuration.pair(named: name) else { return .spotError("EQuery:Unknown asset pair") }
        guard let interval = Int(request.query["interval"] ?? "1"), ohlcIntervals.contains(interval) else {
            return .spotError("EGeneral:Invalid arguments")
        }
        var since: Int64?
        if let text = request.query["since"], !text.isEmpty {
            guard let value = Double(text), value.isFinite else { return .spotError("EGeneral:Invalid arguments") }
            since = Int64(value.rounded(.down))
        }
        let now = context.clock.nowSeconds
        let step = Int64(interval) * 60
        let current = now >= 0 ? now / step * step : (now - step + 1) / step * step
        let first = current - Int64(max(1, configuration.ohlcRows) - 1) * step
        var rows: [String] = []
        for time in stride(from: first, through: current, by: Int(step)) {
            let isCurrent = time == current
            guard isCurrent || since.map({ time > $0 }) ?? true else { continue }
            let candle = SyntheticCandles.candle(
                pair, intervalMinutes: interval, open: time, asOf: isCurrent ? now : nil)
            if candle.isNoTrade, !isCurrent, configuration.noTradeRows == .omitted { continue }
            rows.append(candle.jsonRow(priceDecimals: pair.priceDecimals))
        }
        let last = current - step
        let lastText = configuration.lastStyle == .string ? "\"\(last)\"" : "\(last)"
        return .json(#"{"error":[],"result":{"\#(pair.key)":[\#(rows.joined(separator: ","))],"last":\#(lastText)}}"#)
    }

    /// `GET /0/public/AssetPairs[?pair=a,b]`: key, altname, wsname and assets of the configured pairs.
    public static func assetPairs(_ request: TestRequest, _ context: TestServerContext) -> TestReply {
        let configuration = context.configuration
        var pairs = configuration.pairs
        if let filter = request.query["pair"], !filter.isEmpty {
            pairs = []
            for name in filter.split(separator: ",").map(String.init) {
                guard let pair = configuration.pair(named: name) else {
                    return .spotError("EQuery:Unknown asset pair")
                }
                pairs.append(pair)
            }
        }
        let entries = pairs.map { pair in
            #""\#(pair.key)":{"altname":"\#(pair.altname)","wsname":"\#(pair.wsname)","aclass_base":"currency","#
                + #""base":"\#(pair.base)","aclass_quote":"currency","quote":"\#(pair.quote)","#
                + #""pair_decimals":\#(pair.priceDecimals),"cost_decimals":5,"lot_decimals":8,"#
                + #""lot_multiplier":1,"status":"online"}"#
        }
        return .json(#"{"error":[],"result":{\#(entries.joined(separator: ","))}}"#)
    }
}
