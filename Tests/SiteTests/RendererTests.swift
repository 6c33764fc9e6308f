import XCTest
import LessonRecords
@testable import Site

/// Exact output of the renderers for tiny inputs, so any change to the drawing is deliberate.
final class RendererTests: XCTestCase {
    /// The expected SVGs below are written one element per line; the renderers emit no newlines.
    private func joined(_ text: String) -> String {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined()
    }

    func testTwoPointChart() {
        let chart = ChartRecord(name: "c", title: "Loss", xLabel: "epoch", yLabel: "loss",
                                series: [.init(name: "train", x: [1, 2], y: [2, 1])], marker: 2)
        XCTAssertEqual(ChartSVG.render(chart), joined("""
        <svg class="chart" viewBox="0 0 640 340" width="640" height="340" role="img">
        <title>Loss</title>
        <desc>Line chart of loss against epoch. train: 2 points, last epoch 2: 1.</desc>
        <g stroke="#e3e6ea" stroke-width="1">
        <line x1="64" y1="44" x2="64" y2="290"/>
        <line x1="175.2" y1="44" x2="175.2" y2="290"/>
        <line x1="286.4" y1="44" x2="286.4" y2="290"/>
        <line x1="397.6" y1="44" x2="397.6" y2="290"/>
        <line x1="508.8" y1="44" x2="508.8" y2="290"/>
        <line x1="620" y1="44" x2="620" y2="290"/>
        <line x1="64" y1="290" x2="620" y2="290"/>
        <line x1="64" y1="240.8" x2="620" y2="240.8"/>
        <line x1="64" y1="191.6" x2="620" y2="191.6"/>
        <line x1="64" y1="142.4" x2="620" y2="142.4"/>
        <line x1="64" y1="93.2" x2="620" y2="93.2"/>
        <line x1="64" y1="44" x2="620" y2="44"/>
        </g>
        <rect x="64" y="44" width="556" height="246" fill="none" stroke="#9aa3ad"/>
        <line x1="64" y1="290" x2="64" y2="295" stroke="#9aa3ad"/>
        <text x="64" y="308" font-size="12" text-anchor="middle" fill="#5b6472">1</text>
        <line x1="175.2" y1="290" x2="175.2" y2="295" stroke="#9aa3ad"/>
        <text x="175.2" y="308" font-size="12" text-anchor="middle" fill="#5b6472">1.2</text>
        <line x1="286.4" y1="290" x2="286.4" y2="295" stroke="#9aa3ad"/>
        <text x="286.4" y="308" font-size="12" text-anchor="middle" fill="#5b6472">1.4</text>
        <line x1="397.6" y1="290" x2="397.6" y2="295" stroke="#9aa3ad"/>
        <text x="397.6" y="308" font-size="12" text-anchor="middle" fill="#5b6472">1.6</text>
        <line x1="508.8" y1="290" x2="508.8" y2="295" stroke="#9aa3ad"/>
        <text x="508.8" y="308" font-size="12" text-anchor="middle" fill="#5b6472">1.8</text>
        <line x1="620" y1="290" x2="620" y2="295" stroke="#9aa3ad"/>
        <text x="620" y="308" font-size="12" text-anchor="middle" fill="#5b6472">2</text>
        <text x="56" y="294" font-size="12" text-anchor="end" fill="#5b6472">1</text>
        <text x="56" y="244.8" font-size="12" text-anchor="end" fill="#5b6472">1.2</text>
        <text x="56" y="195.6" font-size="12" text-anchor="end" fill="#5b6472">1.4</text>
        <text x="56" y="146.4" font-size="12" text-anchor="end" fill="#5b6472">1.6</text>
        <text x="56" y="97.2" font-size="12" text-anchor="end" fill="#5b6472">1.8</text>
        <text x="56" y="48" font-size="12" text-anchor="end" fill="#5b6472">2</text>
        <text x="342" y="330" font-size="13" text-anchor="middle" fill="#1d2430">epoch</text>
        <text x="16" y="167" font-size="13" text-anchor="middle" fill="#1d2430" transform="rotate(-90 16 167)">loss</text>
        <g>
        <title>this step: epoch 2</title>
        <line x1="620" y1="44" x2="620" y2="290" stroke="#1d2430" stroke-width="1.5" stroke-dasharray="3 3"/>
        <text x="616" y="58" font-size="12" text-anchor="end" fill="#1d2430" font-weight="600">this step</text>
        </g>
        <g class="series">
        <title>train</title>
        <polyline points="64,44 620,290" fill="none" stroke="#0072b2" stroke-width="2.2" stroke-linejoin="round"/>
        <circle cx="64" cy="44" r="3" fill="#0072b2">
        <title>train, epoch 1: loss 2</title>
        </circle>
        <circle cx="620" cy="290" r="3" fill="#0072b2">
        <title>train, epoch 2: loss 1</title>
        </circle>
        </g>
        <line x1="64" y1="22" x2="90" y2="22" stroke="#0072b2" stroke-width="2.5"/>
        <text x="96" y="26" font-size="12.5" fill="#1d2430">train</text>
        </svg>
        """))
    }

    func testTwoTwoOneDiagram() {
        var a = NetworkState.Layer(name: "x", units: 2)
        a.values = [1, -0.5]
        var b = NetworkState.Layer(name: "h", units: 2)
        b.values = [0.5, 0]
        b.bias = [0.1, -0.1]
        b.weights = [1, -1, 0.5, 0]
        var c = NetworkState.Layer(name: "y", units: 1)
        c.values = [0.25]
        c.weights = [2, -0.5]
        let state = NetworkState(name: "2-2-1", layers: [a, b, c])
        XCTAssertEqual(NetworkSVG.render(state, phase: .forward, edges: .weights, caption: "forward"), joined("""
        <svg class="network" viewBox="0 0 410 238" width="410" height="238" role="img">
        <title>2-2-1: forward</title>
        <desc>Network x (2) → h (2) → y (1) for example 0; edges show the weights, blue solid positive, orange dashed negative, width proportional to size; badges give each unit&#39;s bias.</desc>
        <g class="edges">
        <line x1="71" y1="87" x2="179" y2="87" stroke="#1f62a8" stroke-width="2.80" stroke-opacity="0.8">
        <title>w x[0] → h[0] = 1</title>
        </line>
        <line x1="71" y1="145" x2="179" y2="87" stroke="#1f62a8" stroke-width="1.70" stroke-opacity="0.8">
        <title>w x[1] → h[0] = 0.5</title>
        </line>
        <line x1="71" y1="87" x2="179" y2="145" stroke="#c45a00" stroke-width="2.80" stroke-opacity="0.8" stroke-dasharray="5 3">
        <title>w x[0] → h[1] = −1</title>
        </line>
        <line x1="71" y1="145" x2="179" y2="145" stroke="#9aa3ad" stroke-width="0.60" stroke-opacity="0.8">
        <title>w x[1] → h[1] = 0</title>
        </line>
        <line x1="221" y1="87" x2="329" y2="116" stroke="#1f62a8" stroke-width="5.00" stroke-opacity="0.8">
        <title>w h[0] → y[0] = 2</title>
        </line>
        <line x1="221" y1="145" x2="329" y2="116" stroke="#c45a00" stroke-width="1.70" stroke-opacity="0.8" stroke-dasharray="5 3">
        <title>w h[1] → y[0] = −0.5</title>
        </line>
        </g>
        <text x="50" y="36" font-size="13" text-anchor="middle" fill="#1d2430" font-weight="600">x</text>
        <text x="50" y="50" font-size="10.5" text-anchor="middle" fill="#5b6472">2 units</text>
        <g>
        <title>x[0] value = 1</title>
        <circle cx="50" cy="87" r="21" fill="#87bcd9" stroke="#5b6472" stroke-width="1.2"/>
        <text x="50" y="90.5" font-size="10" text-anchor="middle" fill="#1d2430" font-weight="600">1</text>
        </g>
        <g>
        <title>x[1] value = −0.5</title>
        <circle cx="50" cy="145" r="21" fill="#fad4a6" stroke="#5b6472" stroke-width="1.2"/>
        <text x="50" y="148.5" font-size="10" text-anchor="middle" fill="#1d2430" font-weight="600">−0.5</text>
        </g>
        <text x="200" y="36" font-size="13" text-anchor="middle" fill="#1d2430" font-weight="600">h</text>
        <text x="200" y="50" font-size="10.5" text-anchor="middle" fill="#5b6472">2 units</text>
        <g>
        <title>h[0] value = 0.5, bias = 0.1</title>
        <circle cx="200" cy="87" r="21" fill="#87bcd9" stroke="#5b6472" stroke-width="1.2"/>
        <text x="200" y="90.5" font-size="10" text-anchor="middle" fill="#1d2430" font-weight="600">0.5</text>
        <rect x="207" y="56" width="36" height="14" rx="3" fill="#ffffff" stroke="#1f62a8" stroke-width="1.5"/>
        <text x="211" y="66.5" font-size="9.5" fill="#1d2430" font-weight="600">b 0.1</text>
        </g>
        <g>
        <title>h[1] value = 0, bias = −0.1</title>
        <circle cx="200" cy="145" r="21" fill="#f7f7f7" stroke="#5b6472" stroke-width="1.2"/>
        <text x="200" y="148.5" font-size="10" text-anchor="middle" fill="#1d2430" font-weight="600">0</text>
        <rect x="207" y="114" width="41.6" height="14" rx="3" fill="#ffffff" stroke="#c45a00" stroke-width="1.5" stroke-dasharray="3 2"/>
        <text x="211" y="124.5" font-size="9.5" fill="#1d2430" font-weight="600">b −0.1</text>
        </g>
        <text x="350" y="36" font-size="13" text-anchor="middle" fill="#1d2430" font-weight="600">y</text>
        <text x="350" y="50" font-size="10.5" text-anchor="middle" fill="#5b6472">1 unit</text>
        <g>
        <title>y[0] value = 0.25</title>
        <circle cx="350" cy="116" r="21" fill="#87bcd9" stroke="#5b6472" stroke-width="1.2"/>
        <text x="350" y="119.5" font-size="10" text-anchor="middle" fill="#1d2430" font-weight="600">0.25</text>
        </g>
        <g class="key">
        <line x1="20" y1="200" x2="44" y2="200" stroke="#1f62a8" stroke-width="2.5"/>
        <text x="50" y="204" font-size="11" fill="#5b6472">positive</text>
        <line x1="114.8" y1="200" x2="138.8" y2="200" stroke="#c45a00" stroke-width="2.5" stroke-dasharray="5 3"/>
        <text x="144.8" y="204" font-size="11" fill="#5b6472">negative</text>
        <line x1="209.6" y1="200" x2="233.6" y2="200" stroke="#9aa3ad" stroke-width="2.5"/>
        <text x="239.6" y="204" font-size="11" fill="#5b6472">0</text>
        <text x="261.7" y="204" font-size="11" fill="#5b6472">width ∝ |w|</text>
        <circle cx="26" cy="218" r="6" fill="#87bcd9" stroke="#5b6472"/>
        <text x="38" y="222" font-size="11" fill="#5b6472">node: its value, tinted by sign</text>
        <rect x="243.1" y="211" width="13.6" height="14" rx="3" fill="#ffffff" stroke="#5b6472" stroke-width="1.5"/>
        <text x="247.1" y="221.5" font-size="9.5" fill="#1d2430" font-weight="600">b</text>
        <text x="262.7" y="222" font-size="11" fill="#5b6472">the unit&#39;s bias</text>
        </g>
        </svg>
        """))
    }

    func testScriptInALabelIsInert() {
        let evil = "<script>alert('x')</script>"
        let chart = ChartRecord(name: "c", title: evil, xLabel: evil, yLabel: "y & z",
                                series: [.init(name: evil, x: [0, 1], y: [1, 2])])
        let svg = ChartSVG.render(chart) + ChartSVG.dataTable(chart)
        XCTAssertFalse(svg.contains("<script"))
        XCTAssertTrue(svg.contains("<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</title>"))
        XCTAssertTrue(svg.contains("y &amp; z"))

        var layer = NetworkState.Layer(name: evil, units: 1)
        layer.values = [1]
        let diagram = NetworkSVG.render(NetworkState(name: evil, layers: [layer]), phase: .none, edges: .weights, caption: evil)
        XCTAssertFalse(diagram.contains("<script"))

        let table = CheckTableView.render(TableRecord(name: "t", title: evil, header: [evil], rows: [[evil]]))
        XCTAssertFalse(table.contains("<script"))
        XCTAssertEqual(table, "<div class=\"table-wrap\"><table class=\"text-table\"><caption>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</caption>"
                       + "<thead><tr><th scope=\"col\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</th></tr></thead>"
                       + "<tbody><tr><td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</td></tr></tbody></table></div>")
    }

    func testLogScaleUsesDecadeTicks() {
        let chart = ChartRecord(name: "c", title: "Loss", xLabel: "epoch", yLabel: "loss", logScale: true,
                                series: [.init(name: "train", x: [1, 2, 3], y: [36.05, 0.5, 0.004])])
        let svg = ChartSVG.render(chart)
        for label in [">0.001<", ">0.01<", ">0.1<", ">1<", ">10<", ">100<"] {
            XCTAssertTrue(svg.contains(label), label)
        }
        XCTAssertTrue(svg.contains("loss (log scale)"))
        XCTAssertTrue(svg.contains("<title>train, epoch 3: loss 0.004</title>"))
    }

    func testLongSeriesGetSubsampledTooltips() {
        let n = 10_000
        let chart = ChartRecord(name: "c", title: "Cost", xLabel: "iteration", yLabel: "cost",
                                series: [.init(name: "train", x: (0..<n).map(Double.init), y: (0..<n).map { 1 / Double($0 + 1) })])
        let svg = ChartSVG.render(chart)
        let tooltips = svg.components(separatedBy: "<circle").count - 1
        XCTAssertLessThanOrEqual(tooltips, ChartSVG.maxTitledPoints + 1)
        XCTAssertTrue(svg.contains("<title>train, iteration 9999: cost 1e-4</title>"))
    }

    func testTicksFollowTheOneTwoFiveRule() {
        XCTAssertEqual(Ticks.linear(0, 36.05).ticks, [0, 10, 20, 30, 40])
        XCTAssertEqual(Ticks.linear(0.9, 1).ticks, [0.9, 0.92, 0.94, 0.96, 0.98, 1])
        XCTAssertEqual(Ticks.linear(1, 30, target: 6).ticks, [0, 5, 10, 15, 20, 25, 30])
        XCTAssertEqual(Ticks.logarithmic(0.004, 36.05).exponents, [-3, -2, -1, 0, 1, 2])
    }

    func testNumbers() {
        XCTAssertEqual(Num.format(6.1279), "6.128")
        XCTAssertEqual(Num.format(-0.04213), "−0.04213")
        XCTAssertEqual(Num.format(1.5e-7), "1.5e-7")
        XCTAssertEqual(Num.format(36050), "36050")
        XCTAssertEqual(Num.format(.nan), "NaN")
        XCTAssertEqual(Num.percent(0.9819), "98.19 %")
        XCTAssertEqual(Num.duration(0.127), "127 ms")
    }
}
