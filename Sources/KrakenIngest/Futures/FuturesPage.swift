import Foundation

/// One decoded response of a declared resource: its records, what was skipped, and how to continue.
///
/// ```swift
/// let page = try FuturesPage.decode(.executions, body: body, headers: ["Next-Continuation-Token": "MTc3…"])
/// page.records.count            // records to store
/// page.skippedWithoutTime       // items dropped for lack of a usable timestamp
/// page.nextToken                // "MTc3…", from the body or the header
/// ```
public struct FuturesPage: Sendable, Equatable {
    /// The resource's name.
    public var resource: String
    /// The records in the order the response listed them.
    public var records: [FuturesRecord]
    /// Items the response listed, stored or not (a page is "full" when this reaches the `count` asked for).
    public var itemCount: Int
    /// Items skipped because the resource requires a time and none of its time fields held a usable one.
    public var skippedWithoutTime: Int
    /// Items skipped because they are not JSON objects.
    public var skippedNotObjects: Int
    /// The continuation token for the next page; nil on the last page (absent, null or empty).
    public var nextToken: String?
    /// `len` as reported by the body (sent as a string or a number), if any.
    public var reportedLength: Int64?
    /// `accountUid` of the body, if any.
    public var accountUid: String?
    /// `serverTime` of the body, if any.
    public var serverTime: String?

    public init(
        resource: String, records: [FuturesRecord], itemCount: Int, skippedWithoutTime: Int = 0,
        skippedNotObjects: Int = 0, nextToken: String? = nil, reportedLength: Int64? = nil,
        accountUid: String? = nil, serverTime: String? = nil
    ) {
        self.resource = resource
        self.records = records
        self.itemCount = itemCount
        self.skippedWithoutTime = skippedWithoutTime
        self.skippedNotObjects = skippedNotObjects
        self.nextToken = nextToken
        self.reportedLength = reportedLength
        self.accountUid = accountUid
        self.serverTime = serverTime
    }

    /// The earliest record time on the page.
    public var earliestMillis: Int64? { records.compactMap(\.millis).min() }
    /// The latest record time on the page.
    public var latestMillis: Int64? { records.compactMap(\.millis).max() }
    /// The highest sequential id on the page.
    public var highestSequenceID: Int64? { records.compactMap(\.sequenceID).max() }

    /// Decodes a successful response of `resource`. Throws `FuturesResponseError` when the body is an error
    /// (whatever the HTTP status), is not JSON, or has none of the resource's item keys.
    public static func decode(
        _ resource: FuturesResource, body: Data, headers: [String: String] = [:],
        status: Int = 200
    ) throws -> FuturesPage {
        let json: JSONValue
        do {
            json = try JSONValue.parse(body)
        } catch let error as JSONParseError {
            if let classified = FuturesResponseError.classify(status: status, body: body, headers: headers) {
                throw classified
            }
            throw FuturesResponseError.malformed("\(resource.name): \(error)")
        }
        if let error = FuturesResponseError.classify(status: status, json: json, headers: headers) { throw error }
        return try decode(resource, json: json, headers: headers)
    }

    /// Decodes an already parsed body (not checked for errors).
    public static func decode(
        _ resource: FuturesResource, json: JSONValue,
        headers: [String: String] = [:]
    ) throws -> FuturesPage {
        guard case .object(let members) = json else {
            throw FuturesResponseError.malformed("\(resource.name): the body is not a JSON object")
        }
        guard let listKey = resource.itemKeys.first(where: { members[$0] != nil }) else {
            let seen = members.keys.sorted().joined(separator: ", ")
            throw FuturesResponseError.malformed(
                "\(resource.name): no \(resource.itemKeys.joined(separator: " or ")) "
                    + "in the body (members: \(seen.isEmpty ? "none" : seen))")
        }
        let items: [JSONValue]
        switch members[listKey]! {
        case .array(let list): items = list
        case .null: items = []
        default: throw FuturesResponseError.malformed("\(resource.name): \(listKey) is not a list")
        }
        var page = FuturesPage(resource: resource.name, records: [], itemCount: items.count)
        page.records.reserveCapacity(items.count)
        for item in items {
            guard case .object = item else {
                page.skippedNotObjects += 1
                continue
            }
            if let record = FuturesRecord.make(item, resource: resource) {
                page.records.append(record)
            } else {
                page.skippedWithoutTime += 1
            }
        }
        page.nextToken = token(resource, json: json, headers: headers)
        page.reportedLength = json["len"]?.integer
        page.accountUid = json["accountUid"]?.string
        page.serverTime = json["serverTime"]?.text
        return page
    }

    /// The first non-empty token among the body's token keys, then the token header.
    static func token(_ resource: FuturesResource, json: JSONValue, headers: [String: String]) -> String? {
        for key in resource.tokenKeys {
            if let token = json[key]?.string, !token.isEmpty { return token }
        }
        guard let name = resource.tokenHeader,
            let value = FuturesResponseError.header(name, in: headers)?.trimmingCharacters(in: .whitespaces),
            !value.isEmpty
        else { return nil }
        return value
    }
}
