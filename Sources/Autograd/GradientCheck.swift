import Tensor

/// A gradient check could not line up its inputs.
public struct GradientCheckError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The parameter concerned.
    public let parameter: String
    /// What was wrong.
    public let reason: String

    public init(parameter: String, reason: String) {
        self.parameter = parameter
        self.reason = reason
    }

    public var description: String { "gradient check of \(parameter): \(reason)" }
}

/// Checks hand-written gradients against the autograd engine and central differences.
public enum GradientCheck {
    /// d(loss)/d(parameter) from the autograd engine: `forward` builds the loss on a fresh tape
    /// from one variable per parameter (same names, same order). A parameter the loss does not
    /// depend on gets a zero gradient.
    public static func autogradGradients(
        at parameters: Named<Tensor>,
        of forward: (Tape, Named<Variable>) throws -> Variable
    ) throws -> (loss: Double, gradients: Named<Tensor>) {
        let tape = Tape()
        let variables = parameters.map { name, value in tape.variable(value, name: name) }
        let loss = try forward(tape, variables)
        try loss.backward()
        let gradients = variables.map { _, v in v.grad ?? Tensor.zeros(shape: v.shape) }
        return (loss.value.item, gradients)
    }

    /// Lines up the gradients that were given (at least two of the three sets, with the same
    /// names; the first set given fixes the order) and measures each pair; scans
    /// `preActivations` for elements within `step` of a ReLU kink.
    public static func compare(
        manual: Named<Tensor>? = nil,
        autograd: Named<Tensor>? = nil,
        numeric: Named<Tensor>? = nil,
        preActivations: Named<Tensor> = Named(),
        step: Double = NumericalGradient.defaultStep,
        relativeFloor: Double = GradientDifference.defaultRelativeFloor
    ) throws -> GradientCheckReport {
        let sets = [manual, autograd, numeric]
        guard let first = sets.compactMap({ $0 }).first, sets.compactMap({ $0 }).count >= 2 else {
            throw GradientCheckError(parameter: "-", reason: "needs at least two sets of gradients")
        }
        let labels = ["manual", "autograd", "numeric"]
        for (set, label) in zip(sets, labels) {
            guard let set else { continue }
            for name in set.names where first.value(named: name) == nil {
                throw GradientCheckError(parameter: name, reason: "only the \(label) gradients have it")
            }
        }
        var rows = [GradientComparison]()
        for (name, reference) in zip(first.names, first.values) {
            func lookup(_ set: Named<Tensor>?, _ label: String) throws -> Tensor? {
                guard let set else { return nil }
                guard let tensor = set.value(named: name) else {
                    throw GradientCheckError(parameter: name, reason: "missing from the \(label) gradients")
                }
                return tensor
            }
            let m = try lookup(manual, "manual")
            let a = try lookup(autograd, "autograd")
            let n = try lookup(numeric, "numeric")
            func diff(_ x: Tensor?, _ y: Tensor?) throws -> GradientDifference? {
                guard let x, let y else { return nil }
                do {
                    return try GradientDifference(x, y, relativeFloor: relativeFloor)
                } catch {
                    throw GradientCheckError(parameter: name, reason: error.description)
                }
            }
            rows.append(GradientComparison(
                name: name, shape: reference.shape,
                manualVsAutograd: try diff(m, a), manualVsNumeric: try diff(m, n),
                autogradVsNumeric: try diff(a, n)))
        }
        let kinks = zip(preActivations.names, preActivations.values).map { name, x in
            scanKinks(name: name, x, step: step)
        }
        return GradientCheckReport(step: step, comparisons: rows, kinks: kinks)
    }

    /// The whole check in one call: numeric gradients of `loss` at `parameters`, autograd
    /// gradients of `autograd` (if given), compared with `manual` (if given).
    ///
    /// `loss` should be the hand-written forward pass whose backward produced `manual`, so the
    /// numeric check tests that pair; `autograd` rebuilds the same computation on a tape.
    public static func run(
        parameters: Named<Tensor>,
        manual: Named<Tensor>?,
        preActivations: Named<Tensor> = Named(),
        step: Double = NumericalGradient.defaultStep,
        relativeFloor: Double = GradientDifference.defaultRelativeFloor,
        loss: (Named<Tensor>) throws -> Double,
        autograd: ((Tape, Named<Variable>) throws -> Variable)?
    ) throws -> GradientCheckReport {
        let numeric = try NumericalGradient.gradients(of: loss, at: parameters, step: step)
        let automatic = try autograd.map { try autogradGradients(at: parameters, of: $0).gradients }
        return try compare(manual: manual, autograd: automatic, numeric: numeric,
                           preActivations: preActivations, step: step, relativeFloor: relativeFloor)
    }

    /// Counts the elements with |x| < step and finds the smallest |x|.
    public static func scanKinks(name: String, _ x: Tensor, step: Double) -> KinkScan {
        var near = 0
        var smallest = Double.infinity
        var at = -1
        for (i, v) in x.scalars.enumerated() {
            let magnitude = Swift.abs(v)
            if magnitude < step { near += 1 }
            if magnitude < smallest { smallest = magnitude; at = i }
        }
        return KinkScan(name: name, shape: x.shape, nearKink: near, total: x.count,
                        smallestMagnitude: smallest, smallestIndex: at < 0 ? [] : x.fullIndex(at))
    }
}
