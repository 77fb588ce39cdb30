import Foundation

/// `jobs --json`: each job with its options as a JSON object (not a string holding JSON) and every time both as
/// unix seconds and as ISO-8601 (`createdAt` and `createdAtUTC`), the pairing every `--json` output uses.
///
/// ```swift
/// emit(try JobsJSON.text(jobs))
/// ```
public enum JobsJSON {
    public static func text(_ jobs: [JobRecord]) throws -> String {
        let encoded = try JSONSerialization.jsonObject(with: Data(try CanonicalJSON.string(jobs).utf8))
        guard var list = encoded as? [[String: Any]] else { return "[]\n" }
        for index in list.indices {
            if let options = list[index]["options"] as? String,
                let object = try? JSONSerialization.jsonObject(with: Data(options.utf8), options: [.fragmentsAllowed])
            {
                list[index]["options"] = object
            }
            for key in ["createdAt", "updatedAt", "finishedAt"] {
                if let seconds = list[index][key] as? Int64 ?? (list[index][key] as? NSNumber)?.int64Value {
                    list[index][key + "UTC"] = UTCTime.iso(seconds)
                }
            }
        }
        let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try JSONSerialization.data(withJSONObject: list, options: options)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
