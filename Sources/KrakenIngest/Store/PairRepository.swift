/// Pair altnames and their store ids.
public protocol PairReading {
    /// Every pair's id by altname: the one pair-name→id map.
    func pairIDs() throws -> [String: Int64]
    /// The id of `altname`, nil when the store has never seen the pair.
    func pairID(_ altname: String) throws -> Int64?
}

public protocol PairWriting {
    /// The id of `altname`, inserting the pair when it is new.
    func ensurePair(_ altname: String) throws -> Int64
}
