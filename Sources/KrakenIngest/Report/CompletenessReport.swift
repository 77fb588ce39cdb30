import Foundation

/// Everything the completeness report shows, built from stored data only (it never calls the network).
public struct CompletenessReport: Sendable, Codable, Equatable {
    /// One tier's series, grouped by interval, with totals.
    public struct TierSection: Sendable, Codable, Equatable {
        public var tier: String
        public var intervals: [IntervalSection]
        public var summary: Totals
    }

    public struct IntervalSection: Sendable, Codable, Equatable {
        public var interval: Int
        public var series: [SeriesCompleteness]
        public var summary: Totals
    }

    /// Sums over several series, with how many are complete and the median coverage: a candle-weighted percentage
    /// alone lets one long gappy series hide that the others are whole (or the reverse).
    public struct Totals: Sendable, Codable, Equatable {
        public var series = 0
        /// Series at 100% coverage.
        public var complete = 0
        /// The median of the series' coverage percentages (100 without series).
        public var medianCoverage = 100.0
        public var expected: Int64 = 0
        public var present: Int64 = 0
        public var noTrade: Int64 = 0
        public var apiGapCandles: Int64 = 0
        public var tradesGapCandles: Int64 = 0
        public var archiveGapCandles: Int64 = 0

        public var coveragePercent: Double {
            SeriesCompleteness.coveragePercent(covered: present.addingSaturated(noTrade), expected: expected)
        }

        mutating func add(_ s: SeriesCompleteness) {
            add(
                Totals(
                    series: 1, complete: s.coveragePercent >= 100 ? 1 : 0, expected: s.expected, present: s.present,
                    noTrade: s.noTrade,
                    apiGapCandles: s.apiGapCandles, tradesGapCandles: s.tradesGapCandles,
                    archiveGapCandles: s.archiveGapCandles))
        }

        /// Saturating sums: the counts derive from file values and must never trap.
        /// Adds `t`'s sums; the median is set apart (`settingMedian`), since medians do not add up.
        mutating func add(_ t: Totals) {
            series += t.series
            complete += t.complete
            expected = expected.addingSaturated(t.expected)
            present = present.addingSaturated(t.present)
            noTrade = noTrade.addingSaturated(t.noTrade)
            apiGapCandles = apiGapCandles.addingSaturated(t.apiGapCandles)
            tradesGapCandles = tradesGapCandles.addingSaturated(t.tradesGapCandles)
            archiveGapCandles = archiveGapCandles.addingSaturated(t.archiveGapCandles)
        }

        /// The totals with `medianCoverage` taken over `series`.
        func settingMedian(of series: [SeriesCompleteness]) -> Totals {
            var copy = self
            let sorted = series.map(\.coveragePercent).sorted()
            if sorted.isEmpty {
                copy.medianCoverage = 100
            } else if sorted.count % 2 == 1 {
                copy.medianCoverage = sorted[sorted.count / 2]
            } else {
                copy.medianCoverage = (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            }
            return copy
        }
    }

    /// An archive to download and how much of the gaps it would fill.
    public struct ArchiveToFetch: Sendable, Codable, Equatable {
        public var archive: String
        public var members: [String]
        public var gaps: Int
        public var candles: Int64
    }

    /// Evaluation time (unix seconds); every figure is "as of" this time.
    public var generatedAt: Int64
    /// The tier label of the report: a tier name, several joined by `+`, or `ALL`.
    public var scope: String
    public var tiers: [TierSection]
    public var total: Totals
    /// One row per gap that needs an archive (or a trades rebuild instead), with the archive and member.
    public var downloads: [DownloadRow]
    public var archivesToFetch: [ArchiveToFetch]
    public var chain: ArchiveChain

    /// Groups analysed series into tiers and intervals and adds the download list and the archive chain check.
    public static func build(
        series: [SeriesCompleteness], scope: String, chain: ArchiveChain, now: Int64
    ) -> CompletenessReport {
        var tiers: [TierSection] = []
        var total = Totals()
        for (tier, tierSeries) in Dictionary(grouping: series, by: \.tier).sorted(by: { $0.key < $1.key }) {
            var section = TierSection(tier: tier, intervals: [], summary: Totals())
            for (interval, items) in Dictionary(grouping: tierSeries, by: \.interval).sorted(by: { $0.key < $1.key }) {
                var sums = Totals()
                items.forEach { sums.add($0) }
                section.intervals.append(
                    IntervalSection(
                        interval: interval, series: items.sorted { $0.pair < $1.pair },
                        summary: sums.settingMedian(of: items)))
                section.summary.add(sums)
            }
            section.summary = section.summary.settingMedian(of: tierSeries)
            total.add(section.summary)
            tiers.append(section)
        }
        total = total.settingMedian(of: series)
        let downloads = DownloadRow.rows(for: series)
        return CompletenessReport(
            generatedAt: now, scope: scope, tiers: tiers, total: total, downloads: downloads,
            archivesToFetch: DownloadRow.grouped(downloads), chain: chain)
    }
}

/// One archive-required (or trades-rebuildable) gap and the archive member that would fill it.
public struct DownloadRow: Sendable, Codable, Equatable {
    public var pair: String
    public var interval: Int
    public var start: Int64
    public var end: Int64
    public var candles: Int64
    public var gapClass: GapClass
    public var archive: String
    public var member: String
    public var note: String

    /// The rows for every gap with a part the API cannot fill.
    static func rows(for series: [SeriesCompleteness]) -> [DownloadRow] {
        series.flatMap { s in
            s.gaps.filter { $0.gapClass != .apiFillable }.map { gap in
                let end = gap.apiStart ?? gap.range.end
                return DownloadRow(
                    pair: s.pair, interval: s.interval, start: gap.range.start, end: end,
                    candles: gap.nonAPICandles, gapClass: gap.gapClass,
                    archive: gap.suggestion?.archive ?? "", member: gap.suggestion?.member ?? "",
                    note: [gap.suggestion?.note, gap.evidence.map { "not quiet: \($0)" }].compactMap { $0 }
                        .filter { !$0.isEmpty }.joined(separator: "; "))
            }
        }
    }

    /// Which archive files to fetch, with the members needed from each.
    static func grouped(_ rows: [DownloadRow]) -> [CompletenessReport.ArchiveToFetch] {
        Dictionary(grouping: rows.filter { !$0.archive.isEmpty }, by: \.archive).map { archive, items in
            CompletenessReport.ArchiveToFetch(
                archive: archive, members: Array(Set(items.map(\.member))).sorted(),
                gaps: items.count, candles: items.reduce(0) { $0.addingSaturated($1.candles) })
        }.sorted { $0.archive < $1.archive }
    }

    /// The CSV written by `gaps --export-unfillable`.
    public static func csv(_ rows: [DownloadRow]) -> String {
        var out = "pair,interval_minutes,start_utc,end_utc,candles,class,archive,member,note\n"
        for r in rows {
            out +=
                [
                    CSVField.escape(r.pair), "\(r.interval)", UTCTime.iso(r.start), UTCTime.iso(r.end), "\(r.candles)",
                    r.gapClass.rawValue, CSVField.escape(r.archive), CSVField.escape(r.member), CSVField.escape(r.note),
                ]
                .joined(separator: ",") + "\n"
        }
        return out
    }
}

/// RFC 4180 quoting for CSV output.
enum CSVField {
    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension CompletenessReport {
    /// The report of a scope, from stored data only (nothing is written to the store).
    public static func read(
        from store: any KrakenStore, analyzer: CompletenessAnalyzer, scope: AnalysisScope,
        label: String
    ) throws -> CompletenessReport {
        try store.read { reader in
            build(
                series: try analyzer.analyze(scope, in: reader), scope: label,
                chain: try ArchiveChain.check(now: analyzer.classifier.now, in: reader), now: analyzer.classifier.now)
        }
    }
}
