import ArgumentParser
import Foundation
import KrakenIngest
import KrakenTestServer

/// Serves the local Kraken imitation (`KrakenTestServer`) on 127.0.0.1 until SIGINT or SIGTERM, for benchmarks
/// and manual tries: `kraken-imitation --bench-pairs 50 --latency-ms 50` prints its address on the first line.
@main
struct KrakenImitation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kraken-imitation",
        abstract: "Serve the local Kraken REST imitation on 127.0.0.1 (tests and benchmarks only).",
        discussion: """
            Prints http://127.0.0.1:PORT on the first line of standard output, then serves OHLC and AssetPairs from \
            deterministic synthetic data with Kraken's rules (the newest 720 candles, exclusive since, the \
            unfinished last row) until SIGINT or SIGTERM. Example: kraken-imitation --bench-pairs 50 --latency-ms 50
            """)

    @Option(help: "Serve this many synthetic bench pairs (BAAUSD, BABUSD, …) instead of the default four.")
    var benchPairs: Int?

    @Option(help: "Milliseconds each OHLC answer is delayed (a realistic network round trip).")
    var latencyMs = 0

    func run() async throws {
        let pairs = benchPairs.map(SpotPairSpec.bench) ?? SpotPairSpec.defaults
        let server = try await KrakenTestServer.started(.init(pairs: pairs))
        let latency = UInt64(max(0, latencyMs)) * 1_000_000
        if latency > 0 {
            server.route(SpotRoutes.ohlcPath) { request, context in
                try await Task.sleep(nanoseconds: latency)
                return SpotRoutes.ohlc(request, context)
            }
        }
        FileHandle.standardOutput.write(Data((server.baseURL.absoluteString + "\n").utf8))
        let stop = StopRequest()
        let signals = SignalStop.install(stop) { _ in }
        defer { signals.restore() }
        while !stop.isStopRequested { try await Task.sleep(nanoseconds: 100_000_000) }
        let log = server.log
        FileHandle.standardError.write(
            Data(
                ("kraken-imitation: served \(log.count(path: SpotRoutes.ohlcPath)) OHLC and "
                    + "\(log.count(path: SpotRoutes.assetPairsPath)) AssetPairs request(s), "
                    + "at most \(log.maxInFlight) in flight\n").utf8))
        await server.stop()
    }
}
