import Foundation

/// Compares a fresh record with its committed snapshot: numbers within a relative tolerance,
/// everything else exactly, wall-clock timings ignored.
public enum SnapshotComparison {
    /// Two numbers agree when `|a - b| <= relativeTolerance * max(|a|, |b|) + absoluteTolerance`.
    /// Records keep 12 significant digits, and glibc's exp, log and tanh may differ in the last
    /// bit between versions; 1e-9 leaves room for both and for nothing else.
    public static let relativeTolerance = 1e-9
    /// Lets values that should be zero differ by rounding noise.
    public static let absoluteTolerance = 1e-12

    /// One difference, located as a reader would look for it.
    public struct Mismatch: Equatable, Sendable, CustomStringConvertible {
        /// e.g. `lesson manual-backward, step forward, tensor l1, index 7`
        public var location: String
        public var old: String
        public var new: String
        public var description: String { "\(location): old \(old), new \(new)" }
    }

    /// Every difference between two JSON texts of the same lesson (at most `limit`).
    public static func compare(snapshot: String, fresh: String, lesson: String, limit: Int = 20) throws -> [Mismatch] {
        let old = try JSONValue.parse(snapshot)
        let new = try JSONValue.parse(fresh)
        var mismatches = [Mismatch]()
        walk(old, new, path: ["lesson \(lesson)"], into: &mismatches, limit: limit)
        // "steps, step forward, tensors, tensor l1, values, index 7" reads better without the
        // container keys that the element names repeat.
        let containers: Set<String> = ["steps", "tensors", "charts", "series", "scalars", "networks", "layers",
                                       "checks", "rows", "images", "graphs", "nodes", "tables", "values"]
        return mismatches.map { m in
            var copy = m
            copy.location = m.location.components(separatedBy: ", ").filter { !containers.contains($0) }
                .joined(separator: ", ")
            return copy
        }
    }

    static func numbersAgree(_ a: Double, _ b: Double) -> Bool {
        if a == b || (a.isNaN && b.isNaN) { return true }
        return Swift.abs(a - b) <= relativeTolerance * Swift.max(Swift.abs(a), Swift.abs(b)) + absoluteTolerance
    }

    private static func walk(_ a: JSONValue, _ b: JSONValue, path: [String], into out: inout [Mismatch], limit: Int) {
        guard out.count < limit else { return }
        let here = path.joined(separator: ", ")
        switch (a, b) {
        case let (.number(x, tx), .number(y, ty)):
            if !numbersAgree(x, y) { out.append(Mismatch(location: here, old: tx, new: ty)) }
        case let (.object(x), .object(y)):
            let keys = Set(x.map(\.0)).union(y.map(\.0)).sorted()
            for key in keys where key != "timings" {
                let ax = x.first { $0.0 == key }?.1, by = y.first { $0.0 == key }?.1
                switch (ax, by) {
                case let (ax?, by?): walk(ax, by, path: path + [key], into: &out, limit: limit)
                case (nil, let by?): out.append(Mismatch(location: here + ", \(key)", old: "(absent)", new: summary(by)))
                case (let ax?, nil): out.append(Mismatch(location: here + ", \(key)", old: summary(ax), new: "(absent)"))
                default: break
                }
            }
        case let (.array(x), .array(y)):
            if x.count != y.count {
                out.append(Mismatch(location: here + ", length", old: "\(x.count)", new: "\(y.count)"))
                return
            }
            for (i, (ax, by)) in zip(x, y).enumerated() {
                walk(ax, by, path: path + [element(ax, index: i, container: path.last ?? "")], into: &out, limit: limit)
            }
        default:
            if a != b { out.append(Mismatch(location: here, old: summary(a), new: summary(b))) }
        }
    }

    private static func element(_ v: JSONValue, index: Int, container: String) -> String {
        let kinds = ["steps": "step", "tensors": "tensor", "charts": "chart", "series": "series",
                     "scalars": "scalar", "networks": "network", "layers": "layer", "checks": "check",
                     "rows": "row", "images": "image", "graphs": "graph", "nodes": "node", "tables": "table"]
        let kind = kinds[container] ?? "index"
        if case let .string(id)? = v["id"] ?? v["name"] ?? v["parameter"] { return "\(kind) \(id)" }
        return "\(kind == "index" ? "index" : kind) \(index)"
    }

    private static func summary(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case let .number(_, t): return t
        case .string(let s): return "\"\(s.count > 60 ? String(s.prefix(60)) + "..." : s)\""
        case .array(let a): return "[\(a.count) items]"
        case .object: return "{...}"
        }
    }
}
