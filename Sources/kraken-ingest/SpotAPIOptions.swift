import ArgumentParser
import Foundation
import KrakenIngest

/// The spot API address, limits and retries shared by `backfill` and `run`.
struct SpotAPIOptions: ParsableArguments {
    @Option(
        name: .customLong("spot-api-url"),
        help: ArgumentHelp(
            "Kraken spot REST address (default: $KRAKEN_SPOT_API_URL or https://api.kraken.com).", valueName: "url"))
    var spotAPIURL: String?
    @Option(name: .customLong("rate-per-pair"), help: "OHLC requests per second per pair.")
    var ratePerPair: Double = 1
    @Option(name: .customLong("rate-global"), help: "OHLC requests per second over all pairs.")
    var rateGlobal: Double = 5
    @Option(name: .customLong("max-retries"), help: "Retries of a failed request (backoff 2 s, 4 s, 8 s).")
    var maxRetries: Int = 3

    func validate() throws {
        if ratePerPair <= 0 || rateGlobal <= 0 { throw ValidationError("rates must be positive") }
        if !(0...10).contains(maxRetries) { throw ValidationError("--max-retries must be between 0 and 10") }
        if let spotAPIURL, URL(string: spotAPIURL)?.host == nil {
            throw ValidationError("--spot-api-url must be an absolute address such as https://api.kraken.com")
        }
    }

    var perPair: TokenBucket.Rule { .perSecond(ratePerPair) }
    var global: TokenBucket.Rule { .perSecond(rateGlobal, burst: max(1, rateGlobal.rounded(.down))) }

    /// `--spot-api-url`, else `KRAKEN_SPOT_API_URL`, else Kraken.
    func baseURL() throws -> URL {
        let text = spotAPIURL ?? ProcessInfo.processInfo.environment[SpotClient.baseURLEnvironment]
        guard let text, !text.isEmpty else { return SpotClient.defaultBaseURL }
        guard let url = URL(string: text), url.host != nil else {
            throw KrakenIngestError.usage("'\(text)' is not an absolute spot API address")
        }
        return url
    }

    /// A spot client over URLSession with these limits and retries.
    func makeClient(clock: any WallClock) throws -> SpotClient {
        let http = KrakenHTTPClient(
            transport: URLSessionTransport(), rateLimits: .spot(clock: clock, perPair: perPair, global: global),
            retryPolicy: RetryPolicy(maxRetries: maxRetries), clock: clock)
        return SpotClient(http: http, baseURL: try baseURL())
    }

    /// The one line printed when Kraken could not be reached; nil when it could.
    static func unreachableLine(_ summary: BackfillSummary, _ client: SpotClient) -> String? {
        guard summary.unreachable else { return nil }
        let reason = summary.unreachableMessage ?? "no answer"
        return "Kraken could not be reached at \(client.baseURL.absoluteString); API backfill skipped, "
            + "gaps stay DETECTED (\(reason))\n"
    }
}
