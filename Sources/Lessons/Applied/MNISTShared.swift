import Datasets
import Foundation
import Tensor
import LessonRecords

// Small helpers the three MNIST lessons share: digits and weights as images, row-wise argmax and
// accuracy, confusion matrices, and the input layer of a network diagram drawn as the digit.

enum MNISTPictures {
    /// Image `index` of `set` as the 28x28 grey picture it is (0 background, 255 ink).
    static func digit(_ set: MNISTSet, _ index: Int, prediction: String? = nil, caption: String? = nil) -> ImageRecord {
        let label = set.labels[index]
        return ImageRecord(width: MNISTSet.columns, height: MNISTSet.rows, channels: 1,
                           pixels: Array(set.image(index)), label: "\(label)", prediction: prediction,
                           caption: caption ?? "a handwritten \(label)")
    }

    /// 784 weights drawn as a 28x28 picture on a symmetric scale: 0 is mid-grey (128), +s is
    /// white and -s black, where s is the largest |weight| of the picture.
    static func weights(_ values: [Double], caption: String) -> ImageRecord {
        precondition(values.count == MNISTSet.pixelsPerImage, "weights: \(values.count) values, expected 784")
        let scale = values.map(Swift.abs).max() ?? 0
        let pixels: [UInt8] = values.map { v in
            guard scale > 0, v.isFinite else { return 128 }
            let p = (127.5 * (1 + v / scale)).rounded()
            return UInt8(Swift.min(255, Swift.max(0, p)))
        }
        return ImageRecord(width: MNISTSet.columns, height: MNISTSet.rows, channels: 1, pixels: pixels,
                           caption: caption)
    }

    /// A 784-unit input layer for a network diagram, drawn as the digit it holds.
    static func inputLayer(_ set: MNISTSet, _ index: Int, name: String = "x") -> NetworkState.Layer {
        var layer = NetworkState.Layer(name: name, units: MNISTSet.pixelsPerImage)
        layer.image = digit(set, index, caption: "input: a handwritten \(set.labels[index]), 784 pixels / 255")
        layer.valueKind = "activation"
        return layer
    }

    /// A hidden or output layer for a network diagram: the values of one row of `values`, the
    /// bias, and the incoming weights when there are at most `maxDrawnWeights` of them.
    static func layer(_ name: String, values: Tensor, row: Int, bias: Tensor?, weights: Tensor?,
                      kind: String = "activation", maxDrawnWeights: Int = 200) -> NetworkState.Layer {
        let units = values.shape[1]
        var layer = NetworkState.Layer(name: name, units: units)
        layer.values = MNISTMath.row(values, row)
        layer.valueKind = kind
        layer.bias = bias?.scalars
        if let weights, weights.count <= maxDrawnWeights { layer.weights = weights.scalars }
        return layer
    }
}

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
