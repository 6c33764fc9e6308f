/// Values under unique names, in a fixed order: the parameters going into a gradient check
/// (`["w1": w1, "b1": b1]`) and the gradients coming out, in the same order as a table shows them.
public struct Named<Value> {
    /// The names, in order.
    public private(set) var names: [String]
    /// The values, in the order of ``names``.
    public private(set) var values: [Value]

    /// Pairs names and values, which must be as many, with no name twice.
    public init(names: [String], values: [Value]) {
        precondition(names.count == values.count, "Named: \(names.count) names for \(values.count) values")
        precondition(Set(names).count == names.count, "Named: duplicate names in \(names)")
        self.names = names
        self.values = values
    }

    /// No values.
    public init() { self.init(names: [], values: []) }

    /// The number of values.
    public var count: Int { names.count }

    /// The value with this name, or nil.
    public func value(named name: String) -> Value? {
        names.firstIndex(of: name).map { values[$0] }
    }

    /// The value with this name. Reading a name that does not exist stops the program (a
    /// misspelt name is a programming error); writing one appends it at the end.
    public subscript(name: String) -> Value {
        get {
            guard let index = names.firstIndex(of: name) else {
                preconditionFailure("Named: no value named \(name); names are \(names)")
            }
            return values[index]
        }
        set {
            if let index = names.firstIndex(of: name) {
                values[index] = newValue
            } else {
                names.append(name)
                values.append(newValue)
            }
        }
    }

    /// Replaces the value at a position, keeping its name.
    public mutating func setValue(_ value: Value, at index: Int) {
        values[index] = value
    }

    /// The same names with transformed values.
    public func map<T, E: Error>(_ transform: (String, Value) throws(E) -> T) throws(E) -> Named<T> {
        var result = [T]()
        result.reserveCapacity(count)
        for (name, value) in zip(names, values) { result.append(try transform(name, value)) }
        return Named<T>(names: names, values: result)
    }
}

extension Named: ExpressibleByDictionaryLiteral {
    /// Keeps the literal's order, unlike a dictionary.
    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init(names: elements.map(\.0), values: elements.map(\.1))
    }
}

extension Named: Sendable where Value: Sendable {}
extension Named: Equatable where Value: Equatable {}
