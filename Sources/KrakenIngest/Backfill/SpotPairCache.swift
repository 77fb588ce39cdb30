/// The AssetPairs answer cached in the store: resolves pair names without a request, and asks Kraken once when a
/// name is not cached yet.
public enum SpotPairCache {
    /// The directory of the cached pairs.
    public static func load(in store: any AssetPairReading) throws -> SpotPairDirectory {
        SpotPairDirectory(try store.assetPairs())
    }

    /// The directory that knows every name in `names`: the cache, refreshed from `client` when a name is
    /// missing. When the refresh fails the cached directory is returned with the error.
    public static func resolving(
        _ names: [String], client: SpotClient, session: any WriterSession
    )
        throws -> (SpotPairDirectory, (any Error)?)
    {
        let cached = try session.read { try load(in: $0) }
        guard names.contains(where: { cached.resolve($0) == nil }) else { return (cached, nil) }
        do {
            let pairs = try AsyncBridge.wait { try await client.assetPairs() }
            try session.transaction { try $0.replaceAssetPairs(pairs) }
            return (SpotPairDirectory(pairs), nil)
        } catch {
            return (cached, error)
        }
    }
}
