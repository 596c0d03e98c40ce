import Foundation

extension Report {
    /// How managers take part: digests sent and opened (the manager wrote to the coach within a
    /// day), recognitions passed on, and how many people share their moments. Each figure is
    /// drawn from the managers (or, for sharing, the people) behind it and hidden below the minimum group.
    public struct ManagerEngagement: Sendable, Encodable, Equatable {
        /// Whether the report shows the section: managers are configured, or some were active.
        public var inUse = false
        public var digestsSent: Int?
        public var digestsOpened: Int?
        public var openRate: Double?
        public var recognitions: Int?
        /// People sharing their moments with their manager, as of the report's end.
        public var sharing: Int?
    }
}

extension ReportBuilder {
    /// The managers' engagement in the window; for a program, the managers of its participants.
    func managerEngagement(_ scope: Scope, _ hidden: inout [String]) -> Report.ManagerEngagement {
        let settings = content.settings.managers
        let inScope = { (manager: String) in
            scope.people == nil || settings.teams[manager]?.contains(where: scope.has) == true
        }
        let digests = state[ManagerDigest.self].values.filter { inWindow($0.sentAt) && inScope($0.manager) }
        let recognitions = state[Recognition.self].values.filter { inWindow($0.at) && inScope($0.manager) }
        let sharing = state[SharingConsent.self].values.filter { $0.since <= until && scope.has($0.id) && settings.managerOf[$0.id] == $0.manager }
        var section = Report.ManagerEngagement()
        section.inUse = !settings.teams.isEmpty || !digests.isEmpty || !recognitions.isEmpty
        guard section.inUse else { return section }
        section.digestsSent = guarded(digests.count, people: Set(digests.map(\.manager)).count, "managers/digests sent",
                                      derived: ["digests opened within a day"], &hidden)
        if section.digestsSent != nil, !digests.isEmpty {
            let opened = digests.filter { $0.respondedAt != nil }.count
            section.digestsOpened = opened
            section.openRate = Double(opened) / Double(digests.count)
        }
        section.recognitions = guarded(recognitions.count, people: Set(recognitions.map(\.manager)).count, "managers/recognitions sent", &hidden)
        section.sharing = guarded(sharing.count, people: sharing.count, "managers/people sharing with their manager", &hidden)
        return section
    }
}
