import Tensor

// Element-wise functions. Each pullback multiplies the output gradient by the local derivative,
// written from the saved input or output.

extension Variable {
    /// max(x, 0). Its derivative is taken as 0 at exactly 0 (the incoming gradient passes only
    /// where the input was > 0), as the manual layers do.
    public func relu() -> Variable {
        let mask = value > 0.0
        return tape.record(value.clamp(min: 0), operation: "relu", inputs: [self]) { g throws(ShapeError) in
            [try g * mask]
        }
    }

    /// tanh(x), with derivative 1 - tanh(x)^2.
    public func tanh() -> Variable {
        let y = value.tanh()
        return tape.record(y, operation: "tanh", inputs: [self]) { g throws(ShapeError) in
            [try g * (1 - y.squared())]
        }
    }

    /// The logistic function 1 / (1 + e^-x), with derivative s(1 - s).
    public func sigmoid() -> Variable {
        // Both branches keep exp's argument non-positive, so no overflow for large |x|.
        let y = value.map { x in
            if x >= 0 { return 1 / (1 + Libm.exp(-x)) }
            let e = Libm.exp(x)
            return e / (1 + e)
        }
        return tape.record(y, operation: "sigmoid", inputs: [self]) { g throws(ShapeError) in
            [try g * (y * (1 - y))]
        }
    }

    /// e^x, its own derivative.
    public func exp() -> Variable {
        let y = value.exp()
        return tape.record(y, operation: "exp", inputs: [self]) { g throws(ShapeError) in [try g * y] }
    }

    /// The natural logarithm, with derivative 1/x.
    public func log() -> Variable {
        let x = value
        return tape.record(x.log(), operation: "log", inputs: [self]) { g throws(ShapeError) in [try g / x] }
    }

    /// x^2, with derivative 2x.
    public func squared() -> Variable {
        let x = value
        return tape.record(x.squared(), operation: "square", inputs: [self]) { g throws(ShapeError) in
            [try g * (2 * x)]
        }
    }
}
