import Datasets
import Foundation
import Tensor
import LessonRecords

/// What the three MNIST lessons draw: digits and weights as images, and the layers of a network
/// diagram, the input drawn as the digit it holds.
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
