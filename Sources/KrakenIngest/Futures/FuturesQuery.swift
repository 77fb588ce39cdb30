/// The query string of a futures request, in a fixed parameter order and one encoding, so that the bytes signed
/// (`postData` of `FuturesSigner`) are the bytes sent.
///
/// Encoding is that of Python's `urllib.parse.urlencode`, which Kraken's own SDK examples sign: letters, digits
/// and `-._~` as they are, a space as `+`, every other byte of the UTF-8 text as `%XX` (upper-case hex). So a
/// continuation token `MTc3Mj+/=` goes out as `MTc3Mj%2B%2F%3D`.
///
/// ```swift
/// let query = FuturesQuery([("since", "1772026472238"), ("sort", "asc"), ("continuation_token", "ab+/=")])
/// query.encoded        // "since=1772026472238&sort=asc&continuation_token=ab%2B%2F%3D"
/// // URLComponents: components.percentEncodedQuery = query.encoded   (never re-encode it)
/// ```
public struct FuturesQuery: Sendable, Hashable, CustomStringConvertible {
    /// One `name=value` pair.
    public struct Item: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The pairs, in the order they are sent.
    public var items: [Item]

    public init(_ items: [Item] = []) { self.items = items }

    public init(_ pairs: [(String, String)]) { items = pairs.map { Item($0.0, $0.1) } }

    /// The value of the first pair called `name`.
    public subscript(name: String) -> String? { items.first { $0.name == name }?.value }

    public var isEmpty: Bool { items.isEmpty }

    /// The percent-encoded query without the leading `?`; `""` when empty. Sign this and send this.
    public var encoded: String {
        items.map { FuturesQuery.encode($0.name) + "=" + FuturesQuery.encode($0.value) }.joined(separator: "&")
    }

    public var description: String { encoded }

    private static let hex = Array("0123456789ABCDEF".utf8)

    /// `text` form-encoded as described above.
    public static func encode(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(b)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
