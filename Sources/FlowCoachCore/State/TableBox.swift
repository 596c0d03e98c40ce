/// One collection's table in a class, so `State` holds every collection in one array and reads
/// a typed table without a dynamic cast. `State` copies a box before writing to one it shares
/// (copy on write), so states stay values.
class AnyTableBox: @unchecked Sendable {
    func copy() -> AnyTableBox { fatalError("abstract") }
    func apply(_ change: Change) { fatalError("abstract") }
    func isEqual(_ other: AnyTableBox) -> Bool { fatalError("abstract") }
    func encode(to container: inout KeyedEncodingContainer<CollectionKey>) throws { fatalError("abstract") }
    var count: Int { fatalError("abstract") }
    /// This collection's share of a person's data, for the export.
    func personal(_ person: String, in state: State) -> [any StoredEntity] { fatalError("abstract") }
    func unlinking(_ person: String, in state: State, erased: Set<String>) -> [Change] { fatalError("abstract") }
}

final class TableBox<T: StoredEntity>: AnyTableBox, @unchecked Sendable {
    var table: T.Table

    init(_ table: T.Table = T.Table()) { self.table = table }

    override func copy() -> AnyTableBox { TableBox(table) }

    override func apply(_ change: Change) {
        if let value = change.value { table[change.id] = value.base as? T } else { table[change.id] = nil }
    }

    override func isEqual(_ other: AnyTableBox) -> Bool { (other as? TableBox<T>)?.table == table }

    override func encode(to container: inout KeyedEncodingContainer<CollectionKey>) throws {
        try table.encode(to: &container, as: CollectionKey(T.collection))
    }

    override var count: Int { table.count }

    override func personal(_ person: String, in state: State) -> [any StoredEntity] { T.personal(person, in: state) }

    override func unlinking(_ person: String, in state: State, erased: Set<String>) -> [Change] {
        T.unlinking(person, in: state, erased: erased)
    }
}
