import LessonRecords

/// The computation graph of a tape drawn as the tape itself: one row per entry in the order it
/// was recorded (#0 at the top), and an arc from each input to the entry that used it. A backward
/// sweep climbs it from the bottom; each frame marks the entry in hand, the inputs its pullback
/// adds to, the entries done and those holding a gradient that waits its turn, in words as well
/// as in colour. Drawn tall rather than wide, so it fits a phone's width without scrolling.
enum TapeSVG {
    private static let rowHeight = 28.0, rowGap = 11.0, top = 10.0, laneWidth = 9.0, boxWidth = 282.0

    /// Where an entry stands when the sweep is at a given visit.
    enum State: String {
        case inHand = "hand", receiving = "receiving", done = "done", waiting = "waiting", untouched = "untouched"
        case constant = "constant"

        /// The word the row shows, so that no state is told by colour alone.
        var word: String {
            switch self {
            case .inHand: "in hand"
            case .receiving: "+= gradient"
            case .done: "done"
            case .waiting: "has gradient"
            case .untouched: ""
            case .constant: "constant"
            }
        }
    }

    /// The state of every entry (by index in `tape.entries`) at visit `frame`.
    static func states(_ tape: TapeRecord, frame: Int) -> [State] {
        let visit = tape.visits[frame]
        let done = Set(tape.visits[..<frame].map(\.entry))
        let reached = Set(tape.visits[..<frame].flatMap { $0.additions.map(\.input) })
        let receiving = Set(visit.additions.map(\.input))
        return tape.entries.map { entry in
            if entry.position == visit.entry { return .inHand }
            if receiving.contains(entry.position) { return .receiving }
            if done.contains(entry.position) { return .done }
            if reached.contains(entry.position) { return .waiting }
            return entry.requiresGradient ? .untouched : .constant
        }
    }

    static func render(_ tape: TapeRecord, frame: Int) -> String {
        let entries = tape.entries
        let row = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.position, $0) })
        let arcs = entries.flatMap { entry in entry.inputs.compactMap { input in row[input].map { ($0, row[entry.position]!) } } }
        let lanes = assignLanes(arcs)
        let gutter = Double((lanes.compactMap { $0 }.max() ?? -1) + 1) * laneWidth + 12
        let width = gutter + boxWidth + 4
        let height = top * 2 + Double(entries.count) * (rowHeight + rowGap) - rowGap
        let states = states(tape, frame: frame)
        let visit = tape.visits[frame]
        let hand = entries[row[visit.entry]!]
        let title = "The tape at step \(frame + 1) of the sweep: \(TapeView.title(hand)) in hand"
        var svg = SVG.open(width: width, height: height, className: "tape", title: title, desc: describe(tape, states: states))
        func middle(_ index: Int) -> Double { top + Double(index) * (rowHeight + rowGap) + rowHeight / 2 }
        for ((from, to), lane) in zip(arcs, lanes) {
            let carries = states[to] == .inHand && states[from] == .receiving
            if let lane {
                svg += arc(from: middle(from), to: middle(to), x: gutter - 8 - Double(lane) * laneWidth, right: gutter, carries: carries)
            } else {
                svg += step(from: middle(from) + rowHeight / 2, to: middle(to) - rowHeight / 2, x: gutter + 18, carries: carries)
            }
        }
        for (index, entry) in entries.enumerated() {
            svg += rowBox(entry, state: states[index], x: gutter, y: middle(index) - rowHeight / 2)
        }
        return svg + "</svg>"
    }

    /// The lane of each arc that skips rows, counted outwards from the rows: the shortest arcs
    /// nearest, and two arcs share a lane only if the rows they span do not overlap. An arc to the
    /// next row needs no lane: it is a short arrow between the two boxes.
    static func assignLanes(_ arcs: [(Int, Int)]) -> [Int?] {
        var lanes = [Int?](repeating: nil, count: arcs.count)
        var taken: [[(Int, Int)]] = []
        let order = arcs.indices.filter { arcs[$0].1 - arcs[$0].0 > 1 }
            .sorted { (arcs[$0].1 - arcs[$0].0, $0) < (arcs[$1].1 - arcs[$1].0, $1) }
        for index in order {
            let (a, b) = arcs[index]
            let lane = taken.firstIndex { used in used.allSatisfy { $0.1 <= a || b <= $0.0 } } ?? taken.count
            if lane == taken.count { taken.append([]) }
            taken[lane].append((a, b))
            lanes[index] = lane
        }
        return lanes
    }

    /// An arc in the gutter from the left edge of row `y1` to that of row `y2`, at `x`.
    private static func arc(from y1: Double, to y2: Double, x: Double, right: Double, carries: Bool) -> String {
        let out = "<path class=\"\(carries ? "flow" : "edge")\" d=\"M\(SVG.n(right)) \(SVG.n(y1)) H\(SVG.n(x + 4)) "
            + "Q\(SVG.n(x)) \(SVG.n(y1)) \(SVG.n(x)) \(SVG.n(y1 + 4)) V\(SVG.n(y2 - 4)) Q\(SVG.n(x)) \(SVG.n(y2)) \(SVG.n(x + 4)) "
            + "\(SVG.n(y2)) H\(SVG.n(right - 2))\"/>"
        // Forward, the arrow points into the entry that used the value; while the gradient flows
        // back along it, into the input.
        return out + arrowHead(x: right - 1, y: carries ? y1 : y2, pointing: .right, carries: carries)
    }

    /// A short arrow between a row and the next, below the position number.
    private static func step(from bottom: Double, to top: Double, x: Double, carries: Bool) -> String {
        "<path class=\"\(carries ? "flow" : "edge")\" d=\"M\(SVG.n(x)) \(SVG.n(bottom)) V\(SVG.n(top))\"/>"
            + arrowHead(x: x, y: carries ? bottom : top, pointing: carries ? .up : .down, carries: carries)
    }

    private enum Direction { case right, up, down }

    private static func arrowHead(x: Double, y: Double, pointing: Direction, carries: Bool) -> String {
        let points: [(Double, Double)] = switch pointing {
        case .right: [(x, y), (x - 7, y - 4), (x - 7, y + 4)]
        case .down: [(x, y), (x - 4, y - 6), (x + 4, y - 6)]
        case .up: [(x, y), (x - 4, y + 6), (x + 4, y + 6)]
        }
        return "<polygon class=\"\(carries ? "flow" : "edge")\" points=\"\(points.map { "\(SVG.n($0.0)),\(SVG.n($0.1))" }.joined(separator: " "))\"/>"
    }

    /// One entry: a box coloured by its state (the rules are in style.css, under `svg.tape`),
    /// its position, operation and name, shape, and the state in a word.
    private static func rowBox(_ entry: TapeRecord.Entry, state: State, x: Double, y: Double) -> String {
        let baseline = SVG.n(rowHeight / 2 + 4.5)
        var out = "<g class=\"is-\(state.rawValue)\" transform=\"translate(\(SVG.n(x)) \(SVG.n(y)))\">"
            + "<rect width=\"\(SVG.n(boxWidth))\" height=\"\(SVG.n(rowHeight))\" rx=\"5\"/>"
            + "<text x=\"7\" y=\"\(baseline)\" class=\"pos\">#\(entry.position)</text>"
            + "<text x=\"38\" y=\"\(baseline)\">\(esc(TapeView.operationAndName(entry)))</text>"
            + "<text x=\"150\" y=\"\(baseline)\" class=\"pos\">\(esc(Num.shape(entry.value.shape)))</text>"
        if !state.word.isEmpty {
            out += "<text x=\"\(SVG.n(boxWidth - 7))\" y=\"\(baseline)\" class=\"word\">\(esc(state.word))</text>"
        }
        return out + "</g>"
    }

    /// The frame in words: which entry is in hand, which inputs it adds to, and the others'
    /// states (the entries and their inputs are listed in the table beside the figure).
    private static func describe(_ tape: TapeRecord, states: [State]) -> String {
        func list(_ state: State) -> String {
            let names = zip(tape.entries, states).filter { $0.1 == state }.map { TapeView.short($0.0) }
            return names.isEmpty ? "none" : names.joined(separator: ", ")
        }
        return "\(tape.entries.count) entries, #0 at the top; arcs join each input to the entry that used it. "
            + "In hand: \(list(.inHand)). Its pullback adds to: \(list(.receiving)). Done: \(list(.done)). "
            + "Holding a gradient, waiting: \(list(.waiting)). Constants: \(list(.constant))."
    }
}
