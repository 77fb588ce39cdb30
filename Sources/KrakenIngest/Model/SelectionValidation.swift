/// Says no to pairs and intervals that select nothing: a filter naming an unknown pair or an interval Kraken does
/// not have would otherwise select no series, and a command would report clean data about nothing.
///
/// ```swift
/// try SelectionValidation.checkIntervals([60, 7])      // usage error listing 1, 5, 15, 30, 60, 240, 720, …
/// try SelectionValidation.checkPairs(["XBTUSE"], known: ["XBTUSD", "ETHUSD"], knownFrom: "the store")
/// // usage error: unknown pair 'XBTUSE' (did you mean XBTUSD?); pairs in the store: ETHUSD, XBTUSD
/// ```
public enum SelectionValidation {
    /// Every interval Kraken publishes, in archives or through the REST OHLC endpoint, ascending.
    public static let krakenMinutes: [Int] = CandleInterval.archiveMinutes.union(CandleInterval.apiMinutes).sorted()

    /// How many known names an error message lists before summarising the rest.
    static let listedNames = 40

    /// Throws a usage error naming the first interval Kraken does not have, with the valid ones.
    public static func checkIntervals(_ minutes: [Int]) throws {
        guard let bad = minutes.first(where: { !krakenMinutes.contains($0) }) else { return }
        let valid = krakenMinutes.map(String.init).joined(separator: ", ")
        throw KrakenIngestError.usage("\(bad) is not a Kraken interval; valid intervals in minutes: \(valid)")
    }

    /// Throws a usage error when a pair of `pairs` (altnames) is not in `known`. The message names the unknown
    /// pairs, suggests a close known name when there is one, and lists the known pairs; `knownFrom` says where they
    /// come from ("the store or the tiers file").
    public static func checkPairs(_ pairs: [String], known: Set<String>, knownFrom: String) throws {
        let unknown = pairs.filter { !known.contains($0) }
        guard !unknown.isEmpty else { return }
        let sorted = known.sorted()
        let named = unknown.map { pair -> String in
            guard let close = suggestion(for: pair, among: sorted) else { return "'\(pair)'" }
            return "'\(pair)' (did you mean \(close)?)"
        }
        let what = unknown.count == 1 ? "unknown pair" : "unknown pairs"
        var message = "\(what) \(named.joined(separator: ", ")): not in \(knownFrom)"
        if sorted.isEmpty {
            message += ", which has no pairs"
        } else {
            message += "; known pairs (\(sorted.count)): " + sorted.prefix(listedNames).joined(separator: ", ")
            if sorted.count > listedNames { message += " … and \(sorted.count - listedNames) more" }
        }
        throw KrakenIngestError.usage(message)
    }

    /// The known name closest to `name` when it is close enough to be a typo (at most two edits, and fewer than a
    /// third of the name), else nil.
    public static func suggestion(for name: String, among known: [String]) -> String? {
        let limit = min(2, max(1, name.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in known where abs(candidate.count - name.count) <= limit {
            let distance = editDistance(name, candidate)
            if distance <= limit, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// Levenshtein distance (insertions, deletions and substitutions of one character each).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a)
        let y = Array(b)
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        var previous = Array(0...y.count)
        var current = Array(repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}
