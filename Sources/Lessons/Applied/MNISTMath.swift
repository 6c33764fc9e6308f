import Datasets
import Foundation
import Tensor
import LessonRecords

/// The arithmetic the three MNIST lessons share on their outputs: rows, row-wise argmax and
/// accuracy, confusion matrices and the per-digit table, label tensors.
enum MNISTMath {
    /// Row `i` of a matrix.
    static func row(_ t: Tensor, _ i: Int) -> [Double] {
        let width = t.shape[1]
        return Array(t.scalars[(i * width)..<((i + 1) * width)])
    }

    /// The index of the largest entry of each row (the first on ties): the predicted class.
    static func argmaxRows(_ t: Tensor) -> [Int] {
        let (rows, columns) = (t.shape[0], t.shape[1])
        return t.withUnsafeBufferPointer { p in
            (0..<rows).map { r in
                var best = 0
                var bestValue = p[r * columns]
                for c in 1..<columns where p[r * columns + c] > bestValue {
                    best = c
                    bestValue = p[r * columns + c]
                }
                return best
            }
        }
    }

    /// The fraction of `predicted` equal to `labels`.
    static func accuracy(_ predicted: [Int], _ labels: [Int]) -> Double {
        precondition(predicted.count == labels.count && !labels.isEmpty, "accuracy: \(predicted.count) predictions for \(labels.count) labels")
        return Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(labels.count)
    }

    /// The accuracy on `labels` of always answering the digit most common in `training` (the
    /// smaller on a tie): the floor a classifier's accuracy is read against.
    static func mostCommonDigitAccuracy(training: [Int], labels: [Int]) -> Double {
        let counts = (0..<10).map { digit in training.filter { $0 == digit }.count }
        let guess = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }!
        return accuracy([Int](repeating: guess, count: labels.count), labels)
    }

    /// counts[true][predicted], as a 10x10 tensor.
    static func confusion(_ predicted: [Int], _ labels: [Int], classes: Int = 10) -> Tensor {
        var counts = [Double](repeating: 0, count: classes * classes)
        for (p, l) in zip(predicted, labels) { counts[l * classes + p] += 1 }
        return try! Tensor(shape: [classes, classes], scalars: counts)
    }

    /// Per class: images, correct, accuracy, and the class it was most often mistaken for.
    static func perClassTable(_ confusion: Tensor, name: String, title: String) -> TableRecord {
        let classes = confusion.shape[0]
        var rows = [[String]]()
        for c in 0..<classes {
            let counts = row(confusion, c)
            let total = counts.reduce(0, +), correct = counts[c]
            var worst = -1, worstCount = 0.0
            for (p, n) in counts.enumerated() where p != c && n > worstCount { worst = p; worstCount = n }
            rows.append(["\(c)", "\(Int(total))", "\(Int(correct))",
                         total > 0 ? String(format: "%.2f %%", 100 * correct / total) : "-",
                         worst >= 0 ? "\(worst) (\(Int(worstCount)))" : "-"])
        }
        return TableRecord(name: name, title: title,
                           header: ["digit", "images", "correct", "accuracy", "most often taken for"], rows: rows)
    }

    /// "0" ... "9".
    static let digitLabels = (0..<10).map { "\($0)" }

    /// The class labels as a tensor of N indices (what `SoftmaxCrossEntropy` takes).
    static func labelTensor(_ labels: [Int]) -> Tensor {
        Tensor(labels.map(Double.init))
    }
}
