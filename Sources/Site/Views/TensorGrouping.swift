import LessonRecords

/// Which of a step's tensors share a table. Column vectors (shape `[N]` or `[N, 1]`) are read
/// against each other, so they are drawn as one table with a column each:
/// - consecutive column vectors of the same shape (`w2 before`, `w2 after`), and
/// - a target joins the table of an output of the same length (`y` beside `l3`), wherever
///   the two were recorded in the step.
/// A shared table stands where its last member was recorded, so it follows what it compares.
enum TensorGrouping {
    /// One entry of a step's tensors: a tensor of its own, or column vectors side by side.
    enum Item: Equatable {
        case single(TensorRecord)
        case columns([TensorRecord])
    }

    /// Columns longer than this stay tables of their own (and heatmaps beyond).
    static let maxColumnLength = TensorView.maxTableElements

    /// The length of `tensor` read as a column: N for shape `[N]` or `[N, 1]` with all N values
    /// recorded and 2 <= N <= `maxColumnLength`; nil for anything else.
    static func columnLength(_ tensor: TensorRecord) -> Int? {
        let n: Int
        switch tensor.shape.count {
        case 1: n = tensor.shape[0]
        case 2 where tensor.shape[1] == 1: n = tensor.shape[0]
        default: return nil
        }
        guard n >= 2, n <= maxColumnLength, tensor.values?.count == n else { return nil }
        return n
    }

    static func items(_ tensors: [TensorRecord]) -> [Item] {
        // Runs of consecutive column vectors of one shape; anything else is a run of one.
        var runs: [[Int]] = []
        for (index, tensor) in tensors.enumerated() {
            if let last = runs.last?.last, columnLength(tensor) != nil, columnLength(tensors[last]) != nil,
               tensors[last].shape == tensor.shape {
                runs[runs.count - 1].append(index)
            } else {
                runs.append([index])
            }
        }
        // A target recorded on its own moves into the run holding an output of its length.
        for (runIndex, run) in runs.enumerated() where run.count == 1 {
            let target = tensors[run[0]]
            guard target.role == .target, let length = columnLength(target),
                  let home = runs.indices.first(where: { other in
                      other != runIndex && runs[other].contains { tensors[$0].role == .output && columnLength(tensors[$0]) == length }
                  }) else { continue }
            runs[home] = (runs[home] + run).sorted()
            runs[runIndex] = []
        }
        return runs.filter { !$0.isEmpty }.sorted { $0.last! < $1.last! }.map { run in
            run.count == 1 ? .single(tensors[run[0]]) : .columns(run.map { tensors[$0] })
        }
    }
}
