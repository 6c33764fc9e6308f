import Tensor

/// MNIST digits kept as the file stores them: one byte per pixel (0 background, 255 ink),
/// images one after another, each row-major. Tensors are made on demand, for the rows asked for.
public struct MNISTSet: Sendable, Equatable {
    /// Pixel rows per image (28).
    public static let rows = 28
    /// Pixel columns per image (28).
    public static let columns = 28
    /// Pixels per image (784), the length of a flattened input row.
    public static let pixelsPerImage = rows * columns

    /// All pixels, `count * 784` bytes.
    public let pixels: [UInt8]
    /// The digit shown by each image, 0-9.
    public let labels: [Int]

    /// The number of images.
    public var count: Int { labels.count }

    /// A set from raw pixels and labels; `pixels` must hold 784 bytes per label.
    public init(pixels: [UInt8], labels: [Int]) {
        precondition(pixels.count == labels.count * Self.pixelsPerImage,
                     "MNISTSet: \(pixels.count) pixels for \(labels.count) labels")
        self.pixels = pixels
        self.labels = labels
    }

    /// The 784 pixels of image `index`.
    public func image(_ index: Int) -> ArraySlice<UInt8> {
        pixels[index * Self.pixelsPerImage..<(index + 1) * Self.pixelsPerImage]
    }

    /// The images at `range`, as a new set (pixels and labels copied).
    public func subset(_ range: Range<Int>) -> MNISTSet {
        let p = Self.pixelsPerImage
        return MNISTSet(pixels: Array(pixels[range.lowerBound * p..<range.upperBound * p]),
                        labels: Array(labels[range]))
    }

    /// The images at `indices`, in that order, as a new set.
    public func subset(_ indices: [Int]) -> MNISTSet {
        var gathered: [UInt8] = []
        gathered.reserveCapacity(indices.count * Self.pixelsPerImage)
        for index in indices { gathered.append(contentsOf: image(index)) }
        return MNISTSet(pixels: gathered, labels: indices.map { labels[$0] })
    }

    /// Inputs as the tutorials make them: pixels / 255, each image flattened to a row of 784,
    /// shape (count x 784).
    public func inputs() -> Tensor {
        try! Tensor(shape: [count, Self.pixelsPerImage], scalars: Self.scaled(pixels[...]))
    }

    /// The inputs of the images at `indices` only (a mini-batch), shape (indices.count x 784).
    public func inputs(_ indices: [Int]) -> Tensor {
        var scalars: [Double] = []
        scalars.reserveCapacity(indices.count * Self.pixelsPerImage)
        for index in indices { scalars.append(contentsOf: Self.scaled(image(index))) }
        return try! Tensor(shape: [indices.count, Self.pixelsPerImage], scalars: scalars)
    }

    /// Bytes / 255 through a table of the 256 possible values: the same doubles as dividing,
    /// without a division per pixel (47 million of them for the training set).
    private static func scaled(_ bytes: ArraySlice<UInt8>) -> [Double] {
        let table = (0...255).map { Double($0) / 255 }
        return [Double](unsafeUninitializedCapacity: bytes.count) { out, initialized in
            table.withUnsafeBufferPointer { table in
                bytes.withUnsafeBufferPointer { bytes in
                    for i in 0..<bytes.count { out[i] = table[Int(bytes[i])] }
                }
            }
            initialized = bytes.count
        }
    }

    /// The labels as one-hot rows, shape (count x 10).
    public func oneHotLabels() -> Tensor { oneHot(labels, classes: 10) }

    /// The labels as a column of numbers, shape (count x 1), for regressing on the digit's value.
    public func labelColumn() -> Tensor {
        try! Tensor(shape: [count, 1], scalars: labels.map(Double.init))
    }

    /// Decodes an images file and a labels file (already inflated and parsed) into a set, checking
    /// that the images are 28x28, that the counts agree and that every label is a digit.
    public static func combine(images: IDXFile, labels: IDXFile, imagesFile: String, labelsFile: String)
        throws(IDXError) -> MNISTSet
    {
        let dims = images.dimensions
        guard dims[1] == rows, dims[2] == columns else {
            throw IDXError(file: imagesFile, reason: .wrongImageSize(rows: dims[1], columns: dims[2]))
        }
        guard dims[0] == labels.dimensions[0] else {
            throw IDXError(file: labelsFile, reason: .countMismatch(images: dims[0], labels: labels.dimensions[0]))
        }
        if let bad = labels.bytes.firstIndex(where: { $0 > 9 }) {
            throw IDXError(file: labelsFile, reason: .badLabel(index: bad, value: labels.bytes[bad]))
        }
        return MNISTSet(pixels: images.bytes, labels: labels.bytes.map(Int.init))
    }
}

/// One-hot rows: row i has a 1 in column `labels[i]` and 0 elsewhere, shape (labels.count x classes).
public func oneHot(_ labels: [Int], classes: Int) -> Tensor {
    var scalars = [Double](repeating: 0, count: labels.count * classes)
    for (row, label) in labels.enumerated() {
        precondition(label >= 0 && label < classes, "oneHot: label \(label) outside 0..<\(classes)")
        scalars[row * classes + label] = 1
    }
    return try! Tensor(shape: [labels.count, classes], scalars: scalars)
}
