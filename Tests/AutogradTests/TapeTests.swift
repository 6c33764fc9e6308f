import Autograd
import Tensor
import XCTest

/// The tape's own behaviour: memory, repeated backward passes, seeds, intermediate gradients.
final class TapeTests: XCTestCase {
    func testGraphIsFreedWhenVariablesGoOutOfScope() throws {
        weak var weakTape: Tape?
        try {
            let tape = Tape()
            weakTape = tape
            let w = tape.variable(Tensor([1, 2, 3]))
            let h = w.tanh() * 2.0
            try (h * h).sum().backward()
            XCTAssertNotNil(w.grad)
        }()
        // Any pullback capturing its node or the tape would form a cycle and keep this alive.
        XCTAssertNil(weakTape, "the tape (and with it every node) should be freed")
    }

    func testBackwardTwiceAccumulates() throws {
        let tape = Tape()
        let x = tape.variable(Tensor([1, -2, 3]))
        let y = x.tanh().named("y")
        let loss = try (y * x).sum()
        try loss.backward()
        let once = try XCTUnwrap(x.grad)
        let yOnce = try XCTUnwrap(y.grad)
        try loss.backward()
        XCTAssertEqual(x.grad, once * 2, "a second call adds the same gradient again")
        XCTAssertEqual(y.grad, yOnce * 2, "intermediate values accumulate too")
        tape.zeroGradients()
        XCTAssertNil(x.grad)
        try loss.backward()
        XCTAssertEqual(x.grad, once, "after zeroGradients a pass starts from nothing")
    }

    func testIntermediateGradientsAreKept() throws {
        let tape = Tape()
        let x = tape.variable(Tensor([2, 3]))
        let l1 = (x * 3.0).named("l1")
        try (l1 * l1).sum().backward()
        XCTAssertEqual(l1.name, "l1")
        XCTAssertEqual(l1.grad, Tensor([12, 18]))
        XCTAssertEqual(x.grad, Tensor([36, 54]))
    }

    func testSeedsAndNonScalarRoots() throws {
        let tape = Tape()
        let x = tape.variable(Tensor([1, 2]))
        let y = x * 3.0
        XCTAssertThrowsError(try y.backward(), "a vector root needs an explicit seed")
        XCTAssertThrowsError(try tape.backward(from: y, seed: Tensor([1, 2, 3])))
        try tape.backward(from: y, seed: Tensor([1, 10]))
        XCTAssertEqual(x.grad, Tensor([3, 30]))
    }

    func testValuesOnlyFromConstantsNeedNoGradient() throws {
        let tape = Tape()
        let c = tape.constant(Tensor([1, 2]))
        let x = tape.variable(Tensor([3, 4]))
        let fromConstants = c.exp()
        try (fromConstants * x).sum().backward()
        XCTAssertNil(fromConstants.grad)
        XCTAssertNil(c.grad)
        XCTAssertEqual(x.grad, c.value.exp())
    }

    func testUnusedVariableHasNoGradient() throws {
        let tape = Tape()
        let used = tape.variable(Tensor([1]))
        let unused = tape.variable(Tensor([1]))
        try (used * 2.0).sum().backward()
        XCTAssertNil(unused.grad)
        let g = try GradientCheck.autogradGradients(at: ["a": Tensor([1]), "b": Tensor([5, 6])]) { _, v in
            (v["a"] * 2.0).sum()
        }
        XCTAssertEqual(g.gradients["b"], Tensor([0, 0]), "the helper reports zeros for an unused parameter")
        XCTAssertEqual(g.loss, 2)
    }
}
