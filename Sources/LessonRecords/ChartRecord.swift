/// A line chart: one or more series over a shared x axis.
public struct ChartRecord: Codable, Sendable, Equatable {
    public var name: String
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// Draw the y axis on a log scale (losses spanning decades).
    public var logScale: Bool
    public var series: [Series]
    /// The x position of the step this chart belongs to, drawn as a marker.
    public var marker: Double?

    public struct Series: Codable, Sendable, Equatable {
        /// `train_loss`, `val_loss`, `train_accuracy`, `val_accuracy`, `loss`...
        public var name: String
        public var x: [Double]
        public var y: [Double]
        public init(name: String, x: [Double], y: [Double]) {
            self.name = name
            self.x = x
            self.y = y
        }
    }

    public init(name: String, title: String, xLabel: String, yLabel: String, logScale: Bool = false,
                series: [Series], marker: Double? = nil) {
        self.name = name
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logScale = logScale
        self.series = series
        self.marker = marker
    }
}
