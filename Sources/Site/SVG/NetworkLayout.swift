import LessonRecords

/// Where a network diagram puts things: a column per layer (after room for an input image), each
/// column's drawn units centred on the tallest column, and the key's lines below the plot.
struct NetworkLayout {
    static let columnGap = 150.0, rowGap = 58.0, radius = 21.0, top = 58.0, imageSize = 112.0
    /// Layers with more units show `shownEachEnd` at each end around an ellipsis.
    static let maxDrawnUnits = 10
    static let shownEachEnd = 4
    /// The key's lines are this far apart.
    static let keyLineGap = 18.0
    /// The narrowest diagram, so that the key fits under a network of two layers.
    static let minimumWidth = 360.0

    /// Slots each column takes: its drawn units, plus one for the ellipsis.
    let drawnCounts: [Int]
    let left: Double, width: Double, plotHeight: Double, height: Double
    /// The baselines of the key's lines.
    let keyBaselines: [Double]

    init(_ layers: [NetworkState.Layer], keyLines: Int) {
        let hasImage = layers.first?.image != nil
        drawnCounts = layers.map { Self.drawnUnits($0.units).count + ($0.units > Self.maxDrawnUnits ? 1 : 0) }
        let tallest = Double(drawnCounts.max() ?? 1)
        left = 50 + (hasImage ? Self.imageSize + 40 : 0)
        width = max(Self.minimumWidth, left + Double(max(0, layers.count - 1)) * Self.columnGap + 60)
        plotHeight = max(tallest * Self.rowGap, hasImage ? Self.imageSize + 30 : 0)
        let firstKey = Self.top + plotHeight + 30
        keyBaselines = (0..<keyLines).map { firstKey + Double($0) * Self.keyLineGap }
        height = firstKey + Double(max(0, keyLines - 1)) * Self.keyLineGap + 16
    }

    /// The centre of layer `layer`'s column.
    func x(_ layer: Int) -> Double { left + Double(layer) * Self.columnGap }

    /// The centre of the unit in vertical `slot` of layer `layer`.
    func y(_ layer: Int, _ slot: Int) -> Double {
        let count = Double(drawnCounts[layer])
        return Self.top + (plotHeight - count * Self.rowGap) / 2 + (Double(slot) + 0.5) * Self.rowGap
    }

    /// The units a column draws: all of them, or the first and last few.
    static func drawnUnits(_ units: Int) -> [Int] {
        units <= maxDrawnUnits ? Array(0..<units) : Array(0..<shownEachEnd) + Array(units - shownEachEnd..<units)
    }

    /// The vertical slot of the `index`-th drawn unit, leaving a slot for the ellipsis.
    static func slot(_ index: Int, units: Int) -> Int {
        units > maxDrawnUnits && index >= shownEachEnd ? index + 1 : index
    }
}
