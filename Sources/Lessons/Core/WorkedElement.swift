import Tensor
import LessonRecords

/// One element of a gradient worked through with the run's own numbers: the terms of its sum,
/// the first few shown and the rest elided, their total, and the value the backward pass recorded.
///
/// The terms are summed as the matrix product sums them (fused multiply-adds in order from the
/// first), so the total is the recorded value to the last bit; `difference` says so or not.
struct WorkedElement {
    /// The element, e.g. `w2.grad[1, 0]`.
    var name: String
    /// What each term multiplies, e.g. `l2[i, 1]` and `l3.grad[i, 0]`; a single factor when the
    /// terms are plain values (`l3.grad[i, 0]`, for a bias gradient).
    var factors: [String]
    /// The index the sum runs over, e.g. `i` (students) or `j` (hidden units).
    var index: String
    /// Each term's factors, in order of the index.
    var terms: [[Double]]
    /// The value the backward pass computed.
    var recorded: Double

    /// How many terms the table shows before eliding the rest.
    static let shown = 3

    /// The sum of the terms' products, in order, as the products and column sums compute it.
    var total: Double {
        var sum = 0.0
        for term in terms {
            if term.count == 2 { sum.addProduct(term[0], term[1]) } else { sum += term.reduce(1, *) }
        }
        return sum
    }

    var difference: Double { Swift.abs(total - recorded) }

    /// The table a page shows: a row per shown term with its running sum, then the elided count,
    /// the total and the recorded value.
    func table(name tableName: String) -> TableRecord {
        var rows = [[String]]()
        var running = 0.0
        for (n, term) in terms.prefix(Self.shown).enumerated() {
            if term.count == 2 { running.addProduct(term[0], term[1]) } else { running += term.reduce(1, *) }
            rows.append(["\(n)"] + term.map { fmt($0) } + (factors.count > 1 ? [fmt(term.reduce(1, *))] : []) + [fmt(running)])
        }
        let blanks = Array(repeating: "", count: factors.count + (factors.count > 1 ? 1 : 0))
        if terms.count > Self.shown {
            rows.append(["… \(terms.count - Self.shown) more"] + blanks + [""])
        }
        rows.append(["sum of \(terms.count)"] + blanks + [fmt(total)])
        rows.append(["recorded \(name)"] + blanks + [fmt(recorded)])
        let header = [index] + factors + (factors.count > 1 ? ["product"] : []) + ["running sum"]
        return TableRecord(name: tableName, title: "\(name) = sum over \(index) of \(factors.joined(separator: " × ")), worked through",
                           header: header, rows: rows)
    }

    /// The table, and scalars a prose placeholder can name: `<key> worked` (the total) and
    /// `<key> worked difference` (its |total - recorded|).
    func record(into s: inout StepRecord, key: String) {
        s.tables.append(table(name: "worked \(key)"))
        s.scalar("\(key) worked", total)
        s.scalar("\(key) worked difference", difference)
    }
}
