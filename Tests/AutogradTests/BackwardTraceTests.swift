@testable import Autograd
import Foundation
import Tensor
import XCTest

/// The watched backward pass (`backwardTrace`): it gives the plain pass's gradients, and its
/// account of the sweep (order, additions, running totals, stored gradients) adds up.
final class BackwardTraceTests: XCTestCase {
    /// A 3-5-1 network with the mean squared error, built as the autograd-check lesson builds it.
    private func network(_ tape: Tape, seed: UInt64, rows: Int = 7) throws -> (loss: Variable, parameters: [Variable]) {
        var generator = Xoshiro256StarStar(seed: seed)
        let w1 = tape.variable(randn([3, 5], &generator), name: "w1")
        let b1 = tape.variable(randn([5], &generator), name: "b1")
        let w2 = tape.variable(randn([5, 1], &generator), name: "w2")
        let b2 = tape.variable(randn([1], &generator), name: "b2")
        let x = tape.constant(randn([rows, 3], &generator), name: "x")
        let y = tape.constant(randn([rows], &generator), name: "y")
        let l1 = try (x.matmul(w1) + b1).named("l1")
        let l3 = try (l1.relu().named("l2").matmul(w2) + b2).named("l3")
        return (try Variable.meanSquaredError(l3, y).named("loss"), [w1, b1, w2, b2])
    }

    /// `x` used by three operations, so that its gradient is the sum of three additions.
    private func fanOut(_ tape: Tape) throws -> (loss: Variable, x: Variable) {
        let x = tape.variable(Tensor([0.5, -1.5, 2]), name: "x")
        let loss = try ((x * x) + x.tanh() * 3.0 + x).sum()
        return (loss, x)
    }

    func testTheWatchedPassGivesThePlainPassGradients() throws {
        for seed: UInt64 in [1, 2, 3] {
            let plain = Tape(), watched = Tape()
            try network(plain, seed: seed).loss.backward()
            let trace = try watched.backwardTrace(from: network(watched, seed: seed).loss)
            XCTAssertEqual(plain.count, watched.count)
            let visited = Dictionary(uniqueKeysWithValues: trace.visits.map { ($0.entry, $0) })
            for position in 0..<plain.count {
                XCTAssertEqual(watched.gradient(position), plain.gradient(position), "seed \(seed), entry \(position)")
                XCTAssertEqual(visited[position]?.stored, plain.gradient(position), "seed \(seed), entry \(position)")
            }
            XCTAssertEqual(visited.count, plain.entries.filter(\.requiresGradient).count, "every entry that needs a gradient")
        }
    }

    func testEachTotalIsTheSumOfTheAdditionsSoFar() throws {
        let builds: [(Tape) throws -> Variable] = [{ try self.fanOut($0).loss }, { try self.network($0, seed: 4).loss }]
        for build in builds {
            let tape = Tape()
            let root = try build(tape)
            let trace = try tape.backwardTrace(from: root)
            var added: [Int: [Tensor]] = [:]
            for visit in trace.visits {
                // An entry is finished only after every addition to it: its gradient is their sum.
                if visit.entry == root.id {
                    XCTAssertEqual(visit.gradient, Tensor(shape: root.shape, repeating: 1), "the seed")
                } else {
                    XCTAssertEqual(visit.gradient, try sum(added[visit.entry] ?? []), "entry \(visit.entry)")
                }
                for addition in visit.additions {
                    added[addition.input, default: []].append(addition.gradient)
                    XCTAssertEqual(addition.total, try sum(added[addition.input]!), "total of \(addition.input)")
                }
            }
        }
        let tape = Tape()
        let (loss, x) = try fanOut(tape)
        let trace = try tape.backwardTrace(from: loss)
        XCTAssertEqual(trace.visits.flatMap(\.additions).filter { $0.input == x.id }.count, 4, "x * x adds twice, once per operand")
        // d/dx (x^2 + 3 tanh x + x) = 2x + 3 (1 - tanh^2 x) + 1, written out.
        let expected = x.value.scalars.map { 2 * $0 + 3 * (1 - Foundation.tanh($0) * Foundation.tanh($0)) + 1 }
        for (got, want) in zip(try XCTUnwrap(x.grad).scalars, expected) { XCTAssertEqual(got, want, accuracy: 1e-14) }
    }

    func testTheSweepGoesBackwardsAndPassesConstantsBy() throws {
        let tape = Tape()
        let trace = try tape.backwardTrace(from: network(tape, seed: 5).loss)
        let entries = tape.entries
        XCTAssertEqual(trace.visits.map(\.entry), [14, 13, 12, 11, 10, 9, 8, 7, 6, 3, 2, 1, 0])
        for visit in trace.visits {
            let entry = entries[visit.entry]
            XCTAssertEqual(visit.additions.map(\.input), entry.inputs.filter { entries[$0].requiresGradient },
                           "#\(visit.entry) adds to each input that needs a gradient, in order")
            for addition in visit.additions {
                XCTAssertEqual(addition.gradient.shape, entries[addition.input].value.shape, "a gradient has its value's shape")
            }
        }
    }

    func testEveryEntryIsNamedByItsOperation() throws {
        let tape = Tape()
        _ = try network(tape, seed: 6)
        let entries = tape.entries
        XCTAssertEqual(entries.map(\.operation), ["variable", "variable", "variable", "variable", "constant", "constant",
                                                  "matmul", "add", "relu", "matmul", "add", "squeeze", "subtract", "square", "mean"])
        XCTAssertEqual(entries.map(\.name), ["w1", "b1", "w2", "b2", "x", "y", nil, "l1", "l2", nil, "l3", nil, nil, nil, "loss"])
        XCTAssertEqual(entries[6].inputs, [4, 0])
        XCTAssertEqual(entries[12].inputs, [11, 5])
        XCTAssertEqual(entries.map(\.position), Array(0..<15))
        XCTAssertEqual(entries.map(\.requiresGradient), [true, true, true, true, false, false] + Array(repeating: true, count: 9))
        let other = Tape()
        let v = other.variable(Tensor([1, 2]))
        _ = [(v * 2.0).exp(), (1.0 - v).log(), -v, v.sigmoid(), v.sum()]
        _ = try [v.sum(axis: 0), v.reshaped(shape: [2, 1])]
        XCTAssertEqual(other.entries.map(\.operation), ["variable", "multiply by scalar", "exp", "subtract from scalar", "log",
                                                        "negate", "sigmoid", "sum", "sum over axis 0", "reshape"])
    }

    func testASecondCallAddsTheSameGradientToEveryStoredOne() throws {
        let tape = Tape()
        let (loss, parameters) = try network(tape, seed: 7)
        let first = try tape.backwardTrace(from: loss)
        let once = parameters.map(\.grad)
        let second = try tape.backwardTrace(from: loss)
        XCTAssertEqual(second.visits.map(\.entry), first.visits.map(\.entry))
        for (a, b) in zip(first.visits, second.visits) {
            XCTAssertEqual(b.gradient, a.gradient, "each pass computes the same gradient")
            XCTAssertEqual(b.stored, a.stored * 2, "entry \(a.entry): stored twice, exactly")
        }
        XCTAssertEqual(loss.grad, Tensor(2), "even the root's own gradient")
        tape.zeroGradients()
        try loss.backward()
        XCTAssertEqual(parameters.map(\.grad), once)
    }

    private func sum(_ tensors: [Tensor]) throws -> Tensor {
        guard var total = tensors.first else { return Tensor.zeros(shape: [0]) }
        for t in tensors.dropFirst() { total = try total + t }
        return total
    }
}
