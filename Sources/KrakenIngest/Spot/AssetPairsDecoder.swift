import Foundation

/// Decodes `GET /0/public/AssetPairs`: one entry per pair key with its `altname`, `wsname`, `base` and `quote`.
public enum AssetPairsDecoder {
    /// The pairs of `body`, by key.
    public static func decode(_ body: Data) throws -> [AssetPair] {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any],
            let result = object["result"] as? [String: Any]
        else {
            throw SpotResponseError("AssetPairs answer has no result object")
        }
        return result.keys.sorted().compactMap { key in
            guard let entry = result[key] as? [String: Any], let altname = entry["altname"] as? String else {
                return nil
            }
            return AssetPair(
                key: key, altname: altname, wsname: entry["wsname"] as? String,
                base: entry["base"] as? String ?? "", quote: entry["quote"] as? String ?? "")
        }
    }
}
