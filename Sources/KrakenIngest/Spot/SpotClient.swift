import Foundation

/// Kraken spot's public OHLC and AssetPairs endpoints over the shared `KrakenHTTPClient`: every OHLC call draws
/// from its pair's bucket and the global one, so concurrent calls for different pairs stay within both limits.
///
/// ```swift
/// let http = KrakenHTTPClient(transport: URLSessionTransport(), rateLimits: .spot(clock: clock), clock: clock)
/// let spot = SpotClient(http: http, baseURL: URL(string: "https://api.kraken.com")!)
/// let page = try await spot.ohlc(pair: "XBTUSD", interval: CandleInterval(minutes: 60)!, since: nil)
/// ```
public struct SpotClient: Sendable {
    /// Kraken's spot REST address.
    public static let defaultBaseURL = URL(string: "https://api.kraken.com")!
    /// The environment variable that points the spot client elsewhere (the test imitation).
    public static let baseURLEnvironment = "KRAKEN_SPOT_API_URL"
    /// `/0/public/OHLC`.
    public static let ohlcPath = "/0/public/OHLC"
    /// `/0/public/AssetPairs`.
    public static let assetPairsPath = "/0/public/AssetPairs"

    /// The HTTP layer (limits, retries, breaker, stats).
    public let http: KrakenHTTPClient
    /// Where the API lives.
    public let baseURL: URL

    public init(http: KrakenHTTPClient, baseURL: URL = SpotClient.defaultBaseURL) {
        self.http = http
        self.baseURL = baseURL
    }

    /// The finished candles of `pair` (any name Kraken accepts; its altname names the rate-limit bucket) at
    /// `interval` after `since` (exclusive), and the span the answer vouches for.
    public func ohlc(pair: String, interval: CandleInterval, since: Int64?) async throws -> SpotOHLCPage {
        let url = ohlcURL(pair: pair, interval: interval, since: since)
        let response = try await http.get(url, bucketKeys: RateLimits.spotKeys(pair: pair), classify: .spot)
        return try SpotOHLCDecoder.decode(response.body, interval: interval, since: since)
    }

    /// Every spot pair Kraken lists.
    public func assetPairs() async throws -> [AssetPair] {
        let response = try await http.get(
            url(Self.assetPairsPath, []), bucketKeys: [RateLimits.Key.spotGlobal],
            classify: .spot)
        return try AssetPairsDecoder.decode(response.body)
    }

    /// The OHLC address for one call.
    public func ohlcURL(pair: String, interval: CandleInterval, since: Int64?) -> URL {
        var query = [URLQueryItem(name: "pair", value: pair), URLQueryItem(name: "interval", value: "\(interval)")]
        if let since { query.append(URLQueryItem(name: "since", value: "\(since)")) }
        return url(Self.ohlcPath, query)
    }

    private func url(_ path: String, _ query: [URLQueryItem]) -> URL {
        var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false)!
        components.path =
            (components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path)
            + path
        components.queryItems = query.isEmpty ? nil : query
        return components.url!
    }
}
