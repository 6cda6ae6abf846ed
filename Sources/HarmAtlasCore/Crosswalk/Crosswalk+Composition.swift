extension Crosswalk {
    /// The result of composing two crosswalks.
    public struct Composition: Sendable {
        /// The A→C crosswalk.
        public var crosswalk: Crosswalk
        /// One line for every mapping whose relation is less precise than one of the two it was made from, and
        /// for every A category whose mappings found no continuation to C.
        public var losses: [String]
    }

    /// Composes `self` (A→B) with `next` (B→C) into A→C.
    ///
    /// Every pair of mappings that meet at a B category yields one A→C mapping whose relation is the two
    /// relations composed (``Predicate/composed(with:)``), whose confidence is the product of the two (unknown
    /// when either is), and whose justification is mapping chaining. When several chains join the same A and C
    /// categories, the most precise is kept.
    public func composed(
        with next: Crosswalk, mappingSetID: String, authorID: String, date: String
    ) throws(HarmAtlasError) -> Composition {
        guard object == next.subject else {
            throw HarmAtlasError(
                .usage, "cannot compose: the first crosswalk maps to \(object) but the second maps from \(next.subject)"
            )
        }
        var bySubject: [String: [Mapping]] = [:]
        for mapping in next.mappings { bySubject[mapping.subjectID, default: []].append(mapping) }
        var result: [Mapping] = []
        var lossByIndex: [Int: String] = [:]
        var indexByPair: [String: Int] = [:]
        var losses: [String] = []
        for first in mappings {
            guard let continuations = bySubject[first.objectID] else {
                losses.append(
                    "\(subject.id):\(first.subjectID) → \(object.id):\(first.objectID) has no continuation to \(next.object); not carried"
                )
                continue
            }
            for second in continuations {
                let predicate = first.predicate.composed(with: second.predicate)
                let confidence = first.confidence.flatMap { a in second.confidence.map { a * $0 } }
                let via =
                    "\(first.predicate.shortName) ∘ \(second.predicate.shortName) = \(predicate.shortName) via \(object.id):\(first.objectID)"
                let mapping = Mapping(
                    subjectID: first.subjectID, subjectLabel: first.subjectLabel, predicate: predicate,
                    objectID: second.objectID, objectLabel: second.objectLabel, justification: .chained,
                    authorID: authorID, date: date, confidence: confidence.map { ($0 * 1000).rounded() / 1000 },
                    comment: via)
                let loss =
                    predicate.precision < max(first.predicate.precision, second.predicate.precision)
                    ? "\(subject.id):\(first.subjectID) → \(next.object.id):\(second.objectID): \(via)" : nil
                let key = first.subjectID + "\t" + second.objectID
                if let existing = indexByPair[key] {
                    if predicate.precision > result[existing].predicate.precision {
                        result[existing] = mapping
                        lossByIndex[existing] = loss
                    }
                    continue
                }
                indexByPair[key] = result.count
                lossByIndex[result.count] = loss
                result.append(mapping)
            }
        }
        losses += result.indices.compactMap { lossByIndex[$0] }
        let crosswalk = Crosswalk(
            mappingSetID: mappingSetID, description: "Composed from \(self.mappingSetID) and \(next.mappingSetID)",
            license: license, subject: subject, object: next.object, mappings: result)
        return Composition(crosswalk: crosswalk, losses: losses)
    }
}
