import Tensor

// Broadcasting arithmetic between variables, and with plain numbers. Each gradient is reduced
// back to its operand's shape, so a bias row added to every row receives the column sums.

extension Variable {
    public static func + (a: Variable, b: Variable) throws(ShapeError) -> Variable {
        let (sa, sb) = (a.shape, b.shape)
        return a.tape.record(try a.value + b.value, operation: "add", inputs: [a, b]) { g throws(ShapeError) in
            [try g.unbroadcast(to: sa), try g.unbroadcast(to: sb)]
        }
    }

    public static func - (a: Variable, b: Variable) throws(ShapeError) -> Variable {
        let (sa, sb) = (a.shape, b.shape)
        return a.tape.record(try a.value - b.value, operation: "subtract", inputs: [a, b]) { g throws(ShapeError) in
            [try g.unbroadcast(to: sa), try (-g).unbroadcast(to: sb)]
        }
    }

    public static func * (a: Variable, b: Variable) throws(ShapeError) -> Variable {
        let (va, vb) = (a.value, b.value)
        return a.tape.record(try va * vb, operation: "multiply", inputs: [a, b]) { g throws(ShapeError) in
            [try (g * vb).unbroadcast(to: va.shape), try (g * va).unbroadcast(to: vb.shape)]
        }
    }

    public static func / (a: Variable, b: Variable) throws(ShapeError) -> Variable {
        let (va, vb) = (a.value, b.value)
        return a.tape.record(try va / vb, operation: "divide", inputs: [a, b]) { g throws(ShapeError) in
            let ga = try g / vb
            // d(a/b)/db = -a/b^2
            let gb = try -(g * va) / (vb * vb)
            return [try ga.unbroadcast(to: va.shape), try gb.unbroadcast(to: vb.shape)]
        }
    }

    public static func + (a: Variable, s: Double) -> Variable {
        a.tape.record(a.value + s, operation: "add scalar", inputs: [a]) { g in [g] }
    }
    public static func + (s: Double, a: Variable) -> Variable { a + s }
    public static func - (a: Variable, s: Double) -> Variable { a + (-s) }
    public static func - (s: Double, a: Variable) -> Variable {
        a.tape.record(s - a.value, operation: "subtract from scalar", inputs: [a]) { g in [-g] }
    }
    public static func * (a: Variable, s: Double) -> Variable {
        a.tape.record(a.value * s, operation: "multiply by scalar", inputs: [a]) { g in [g * s] }
    }
    public static func * (s: Double, a: Variable) -> Variable { a * s }
    public static func / (a: Variable, s: Double) -> Variable {
        a.tape.record(a.value / s, operation: "divide by scalar", inputs: [a]) { g in [g / s] }
    }
    public static prefix func - (a: Variable) -> Variable {
        a.tape.record(-a.value, operation: "negate", inputs: [a]) { g in [-g] }
    }
}
