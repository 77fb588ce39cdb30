/// The faults waiting for requests: one queue per path and one per (path, pair). A request takes the head of
/// its pair's queue when that has one, else the head of its path's queue.
public final class FaultScript: Sendable {
    private struct Key: Hashable {
        var path: String
        var pair: String?
    }

    private let queues = Locked([Key: [ServerFault]]())

    init() {}

    /// Appends `fault` (`times` copies) for requests to `path` (and `pair`, when given).
    public func enqueue(_ fault: ServerFault, path: String, pair: String? = nil, times: Int = 1) {
        enqueue(Array(repeating: fault, count: max(0, times)), path: path, pair: pair)
    }

    /// Appends `faults` in order for requests to `path` (and `pair`, when given).
    public func enqueue(_ faults: [ServerFault], path: String, pair: String? = nil) {
        let key = Key(path: path, pair: pair?.uppercased())
        queues.withLock { $0[key, default: []].append(contentsOf: faults) }
    }

    /// Faults not used yet.
    public var pending: Int { queues.withLock { $0.values.reduce(0) { $0 + $1.count } } }

    /// Drops every fault not used yet.
    public func clear() { queues.withLock { $0.removeAll() } }

    /// Takes the fault for one request, if any.
    func next(path: String, pair: String?) -> ServerFault? {
        queues.withLock { queues in
            for key in [pair.map { Key(path: path, pair: $0.uppercased()) }, Key(path: path, pair: nil)] {
                guard let key, var queue = queues[key], !queue.isEmpty else { continue }
                let fault = queue.removeFirst()
                queues[key] = queue
                return fault
            }
            return nil
        }
    }
}
