import Tensor
import LessonRecords

// The calls a lesson makes inside `recorder.step(...) { step in ... }`.

extension StepRecord {
    /// Records a tensor under the name the tutorials give it.
    public mutating func tensor(_ name: String, _ value: Tensor, role: TensorRecord.Role,
                                rowLabels: [String]? = nil, columnLabels: [String]? = nil) {
        var t = TensorRecord(name: name, value: value, role: role)
        t.rowLabels = rowLabels
        t.columnLabels = columnLabels
        tensors.append(t)
    }

    /// Records a named number.
    public mutating func scalar(_ name: String, _ value: Double) {
        scalars.append(ScalarRecord(name: name, value: value))
    }

    /// Records a shape equation such as `x (25x3) @ w1 (3x5) + b1 (5) -> l1 (25x5)`.
    public mutating func shapes(_ equation: String) {
        shapeEquations.append(equation)
    }

    /// Records a fact the run established, in words.
    public mutating func note(_ text: String) {
        notes.append(text)
    }

    /// Records a chart.
    public mutating func chart(_ chart: ChartRecord) {
        charts.append(chart)
    }

    /// Runs `body`, which the lesson expects to throw, and records the error's message. If it
    /// does not throw, the lesson itself is wrong: that is an error naming the code.
    public mutating func caught(_ code: String, lesson: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            errors.append(CaughtError(code: code, message: "\(error)"))
            return
        }
        throw LessonError.expectedErrorNotRaised(lesson: lesson, code: code)
    }

    /// Records how long `body` took (shown on the page, kept out of snapshots) and returns its result.
    public mutating func timed<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        let result = try body()
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        timings.append(Timing(name: name, seconds: seconds))
        return result
    }
}

extension TensorRecord {
    /// A record of `value`: in full up to `fullLimit` elements, otherwise statistics and a preview.
    public init(name: String, value: Tensor, role: Role) {
        let full = value.count <= TensorRecord.fullLimit
        self.init(name: name, role: role, shape: value.shape, values: full ? value.scalars : nil,
                  stats: TensorStats(value.scalars), preview: full ? nil : Preview(value))
    }
}

extension TensorRecord.Preview {
    /// The largest grid that fits.
    static let maxCells = 64

    /// A block-averaged picture of a matrix (a vector is one row; higher ranks fold into rows).
    init(_ tensor: Tensor) {
        let columnsIn = tensor.rank == 0 ? 1 : tensor.shape[tensor.rank - 1]
        let rowsIn = columnsIn == 0 ? 0 : tensor.count / columnsIn
        let r = Swift.min(rowsIn, Self.maxCells), c = Swift.min(columnsIn, Self.maxCells)
        var cells = [Double](repeating: 0, count: r * c)
        if r > 0 && c > 0 {
            for i in 0..<r {
                let r0 = i * rowsIn / r, r1 = (i + 1) * rowsIn / r
                for j in 0..<c {
                    let c0 = j * columnsIn / c, c1 = (j + 1) * columnsIn / c
                    var sum = 0.0
                    for row in r0..<r1 { for col in c0..<c1 { sum += tensor.scalars[row * columnsIn + col] } }
                    cells[i * c + j] = sum / Double((r1 - r0) * (c1 - c0))
                }
            }
        }
        self.init(rows: r, columns: c, values: cells)
    }
}
