import Foundation

/// Receives what `CandleCSVReader` finds, row by row.
public protocol CandleRowSink {
    /// A valid candle from line `line` (1-based) of the file.
    mutating func accept(_ candle: Candle, line: Int) throws
    /// An invalid line: its number, why it was rejected and its text (truncated to 256 bytes).
    mutating func reject(line: Int, reason: String, raw: String) throws
}

/// Streaming parser of Kraken OHLCVT CSV rows `timestamp,open,high,low,close,volume,trades` (no header).
///
/// Bytes arrive in chunks of any size; a line split between two chunks is carried over, so memory stays flat.
/// Tolerated: one header line, CRLF line ends, blank lines, exponent notation, decimals of any length (rounded as
/// `strtod` rounds). A zero written `-0` is stored as `0`: a price or volume of zero has no sign (and SQLite's REAL
/// columns drop it). Rejected with a reason: a wrong column count, a field that is not a number, a row that cannot
/// be a real candle (see `validate`), a timestamp not aligned to the interval, and lines longer than
/// `maxLineLength`.
public struct CandleCSVReader {
    /// Lines longer than this are rejected without being buffered whole.
    public static let maxLineLength = 4096
    /// How far past "now" a candle may open before it is rejected as impossible (clock skew between machines,
    /// time zones mistaken for UTC). The import passes its clock's now plus this as `latestOpenTime`.
    public static let futureMargin: Int64 = 86_400
    static let columnNames = ["timestamp", "open", "high", "low", "close", "volume", "trades"]

    public let interval: CandleInterval
    /// The latest open time accepted (unix seconds): rows after it are rejected.
    public let latestOpenTime: Int64
    /// Number of the last line read (1-based).
    public private(set) var lineNumber = 0
    private var carry: [UInt8] = []
    private var carryOverflowed = false
    private var sawContent = false

    /// A reader of `interval` candles that rejects rows opening after `latestOpenTime` (unix seconds); give it
    /// `clock.nowSeconds + CandleCSVReader.futureMargin`. The default accepts any time (parsing tests only).
    public init(interval: CandleInterval, latestOpenTime: Int64 = .max) {
        self.interval = interval
        self.latestOpenTime = latestOpenTime
        carry.reserveCapacity(Self.maxLineLength)
    }

    /// Parses every complete line in `chunk`; a trailing partial line waits for the next chunk.
    public mutating func feed<Sink: CandleRowSink>(_ chunk: UnsafeRawBufferPointer, into sink: inout Sink) throws {
        guard let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self), chunk.count > 0 else { return }
        let count = chunk.count
        var position = 0
        if !carry.isEmpty || carryOverflowed {
            guard let newline = memchr(base, 10, count) else {
                appendToCarry(base, count)
                return
            }
            let length = UnsafeRawPointer(newline) - UnsafeRawPointer(base)
            appendToCarry(base, length)
            try finishCarriedLine(into: &sink)
            position = length + 1
        }
        while position < count {
            let lineStart = base + position
            guard let newline = memchr(lineStart, 10, count - position) else {
                appendToCarry(lineStart, count - position)
                return
            }
            let length = UnsafeRawPointer(newline) - UnsafeRawPointer(lineStart)
            try parseLine(lineStart, length, into: &sink)
            position += length + 1
        }
    }

    /// Parses the last line when the file does not end with a newline.
    public mutating func finish<Sink: CandleRowSink>(into sink: inout Sink) throws {
        if !carry.isEmpty || carryOverflowed { try finishCarriedLine(into: &sink) }
    }

    /// Carries at most one byte more than the limit: the CR of a CRLF line end is stripped before the check.
    private mutating func appendToCarry(_ bytes: UnsafePointer<UInt8>, _ length: Int) {
        let limit = Self.maxLineLength + 1
        if carry.count + length > limit {
            carryOverflowed = true
            let room = limit - carry.count
            if room > 0 { carry.append(contentsOf: UnsafeBufferPointer(start: bytes, count: room)) }
        } else {
            carry.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
        }
    }

    private mutating func finishCarriedLine<Sink: CandleRowSink>(into sink: inout Sink) throws {
        let line = carry
        let overflowed = carryOverflowed
        carry.removeAll(keepingCapacity: true)
        carryOverflowed = false
        if overflowed {
            lineNumber += 1
            try sink.reject(
                line: lineNumber, reason: "line longer than \(Self.maxLineLength) bytes", raw: Self.rawText(line))
            return
        }
        try line.withUnsafeBufferPointer { try parseLine($0.baseAddress!, $0.count, into: &sink) }
    }

    @inline(__always)
    private mutating func parseLine<Sink: CandleRowSink>(
        _ lineStart: UnsafePointer<UInt8>, _ rawLength: Int, into sink: inout Sink
    ) throws {
        lineNumber += 1
        var start = lineStart
        var length = rawLength
        // A UTF-8 byte order mark before the first line (some tools write one) is not data.
        if lineNumber == 1 && length >= 3 && start[0] == 0xEF && start[1] == 0xBB && start[2] == 0xBF {
            start += 3
            length -= 3
        }
        if length > 0 && start[length - 1] == 13 { length -= 1 }
        if length == 0 || Self.isBlank(start, length) { return }
        if length > Self.maxLineLength {
            return try sink.reject(
                line: lineNumber, reason: "line longer than \(Self.maxLineLength) bytes",
                raw: Self.rawText(start, length))
        }
        let isFirstContent = !sawContent
        sawContent = true

        var commas = 0
        for i in 0..<length where start[i] == 44 { commas += 1 }
        if commas != 6 {
            if isFirstContent && Self.looksLikeHeader(start, length) { return }
            return try sink.reject(
                line: lineNumber, reason: "expected 7 columns, found \(commas + 1)",
                raw: Self.rawText(start, length))
        }
        var cursor = 0
        var field = Self.nextField(start, length, &cursor)
        guard let timestamp = Self.parseTimestamp(start + field.begin, field.count) else {
            if isFirstContent && Self.looksLikeHeader(start, length) { return }
            return try rejectField(0, start + field.begin, field.count, start, length, into: &sink)
        }
        var values = (0.0, 0.0, 0.0, 0.0, 0.0)
        for column in 1...5 {
            field = Self.nextField(start, length, &cursor)
            guard let parsed = DecimalParser.parseDouble(start + field.begin, field.count) else {
                return try rejectField(column, start + field.begin, field.count, start, length, into: &sink)
            }
            // Adding +0 turns -0 into +0 and leaves every other value as it is.
            let v = parsed + 0
            switch column {
            case 1: values.0 = v
            case 2: values.1 = v
            case 3: values.2 = v
            case 4: values.3 = v
            default: values.4 = v
            }
        }
        field = Self.nextField(start, length, &cursor)
        guard let trades = DecimalParser.parseInt(start + field.begin, field.count) else {
            return try rejectField(6, start + field.begin, field.count, start, length, into: &sink)
        }
        let candle = Candle(
            openTime: timestamp, open: values.0, high: values.1, low: values.2, close: values.3,
            volume: values.4, trades: trades)
        if let problem = validate(candle) {
            return try sink.reject(line: lineNumber, reason: problem, raw: Self.rawText(start, length))
        }
        try sink.accept(candle, line: lineNumber)
    }

    /// Why the row cannot be a real candle, nil when it can. The common case costs a few comparisons; the reasons
    /// are only built for a row that fails.
    @inline(__always)
    private func validate(_ c: Candle) -> String? {
        if c.low >= 0 && c.low <= c.high && c.open >= c.low && c.open <= c.high && c.close >= c.low
            && c.close <= c.high && c.volume >= 0 && c.trades >= 0 && c.openTime >= 0
            && c.openTime <= latestOpenTime && interval.isAligned(c.openTime)
        {
            return nil
        }
        return problem(c)
    }

    private func problem(_ c: Candle) -> String? {
        if c.openTime < 0 { return "negative timestamp \(c.openTime)" }
        if c.openTime > latestOpenTime {
            return "timestamp \(c.openTime) (\(UTCTime.iso(c.openTime))) is in the future (later than "
                + "\(UTCTime.iso(latestOpenTime)), the time of the import plus \(Self.futureMargin / 3600) hours)"
        }
        for (name, price) in [("open", c.open), ("high", c.high), ("low", c.low), ("close", c.close)] where price < 0 {
            return "negative price: \(name) \(price)"
        }
        if c.high < c.low { return "high \(c.high) is below low \(c.low)" }
        if c.open < c.low || c.open > c.high { return "open \(c.open) is outside [low \(c.low), high \(c.high)]" }
        if c.close < c.low || c.close > c.high {
            return "close \(c.close) is outside [low \(c.low), high \(c.high)]"
        }
        if c.volume < 0 { return "negative volume \(c.volume)" }
        if c.trades < 0 { return "negative trade count \(c.trades)" }
        if !interval.isAligned(c.openTime) {
            return
                "timestamp \(c.openTime) (\(UTCTime.iso(c.openTime))) is not aligned to the "
                    + "\(interval.minutes)-minute interval"
        }
        return nil
    }

    private func rejectField<Sink: CandleRowSink>(
        _ column: Int, _ fieldStart: UnsafePointer<UInt8>, _ fieldLength: Int,
        _ lineStart: UnsafePointer<UInt8>, _ lineLength: Int, into sink: inout Sink
    ) throws {
        let text = Self.rawText(fieldStart, fieldLength)
        let what = column == 0 || column == 6 ? "an integer" : "a number"
        try sink.reject(
            line: lineNumber, reason: "column \(column + 1) (\(Self.columnNames[column])) is not \(what): '\(text)'",
            raw: Self.rawText(lineStart, lineLength))
    }

    /// The field that starts at `cursor`; moves `cursor` past the following comma.
    @inline(__always)
    private static func nextField(
        _ start: UnsafePointer<UInt8>, _ length: Int, _ cursor: inout Int
    ) -> (begin: Int, count: Int) {
        let begin = cursor
        var i = cursor
        while i < length && start[i] != 44 { i += 1 }
        cursor = i + 1
        return (begin, i - begin)
    }

    /// Unix seconds, written as an integer (a `.0` fraction is tolerated).
    private static func parseTimestamp(_ start: UnsafePointer<UInt8>, _ count: Int) -> Int64? {
        if let v = DecimalParser.parseInt(start, count) { return v }
        guard let d = DecimalParser.parseDouble(start, count), d == d.rounded(), abs(d) < 1e15 else { return nil }
        return Int64(d)
    }

    private static func isBlank(_ start: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        for i in 0..<length where start[i] != 32 && start[i] != 9 { return false }
        return true
    }

    /// A first line such as `timestamp,open,...` (any line whose first field holds a letter).
    private static func looksLikeHeader(_ start: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        var i = 0
        while i < length && start[i] != 44 {
            let c = start[i] | 0x20
            if c >= 97 && c <= 122 { return true }
            i += 1
        }
        return false
    }

    static func rawText(_ start: UnsafePointer<UInt8>, _ length: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: start, count: min(length, 256)), as: UTF8.self)
    }

    static func rawText(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(256), as: UTF8.self)
    }
}
