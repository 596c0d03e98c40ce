import Foundation

/// A made-up pilot, so an L&D lead can see what a report looks like before a real one: people
/// in a program's cohort who coach with dialogs (some finished, some dropped), apply skills and
/// rate the impact, answer check-ins, rate knowledge items, ask and answer on the Q&A board and
/// practise cards, over some weeks ending at `until`. Engagement varies as it does in life:
/// a few champions, most steady, some light users and a few who drop out. Pure and seeded: the
/// same seed, content and end give the same state.
public struct SamplePilot: Sendable {
    public var people: Int
    public var weeks: Int
    public var seed: UInt64
    /// The end of the pilot (the report's "now").
    public var until: Date

    public init(people: Int = 20, weeks: Int = 6, seed: UInt64 = 1, until: Date) {
        self.people = max(1, people)
        self.weeks = max(1, weeks)
        self.seed = seed
        self.until = until
    }

    /// The pilot's first moment: `weeks` weeks before `until`.
    public var since: Date { until.addingTimeInterval(-Double(weeks) * Self.week) }

    /// The pilot as a state.
    public func state(_ content: Content) -> State {
        var state = State()
        state.apply(changes(content))
        return state
    }

    /// The pilot as the changes that make it, in a stable order.
    public func changes(_ content: Content) -> [Change] {
        var maker = Maker(pilot: self, content: content)
        return maker.make()
    }

    static let day = 86_400.0
    static let week = 7 * day
}

extension SamplePilot {
    /// How much someone takes part: a rate multiplier and, for those who drop out, the week they stop.
    struct Participant {
        var id: String
        var name: String
        var role: String
        var engagement: Double
        var completion: Double
        var stopsAfterWeek: Int?
        var practises: Bool
        var mastery: Bool
        var expertise: [String]
        var first: Date
        var last: Date
    }

    static let names = [
        "Amara", "Ben", "Carmen", "Dev", "Elif", "Femi", "Grace", "Hiro", "Ines", "Jonas", "Kavya", "Liam", "Mei", "Nadia",
        "Omar", "Priya", "Quentin", "Rosa", "Sami", "Tomasz", "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoe", "Aiko",
        "Bruno", "Chloe", "Diego", "Emma", "Farah", "Gustav", "Hana", "Ivan", "Julia", "Kofi", "Lena", "Marco", "Noor",
    ]

    /// Sample wording for the notes, questions and answers people type (never shown by the coach itself).
    static let notes = [
        "in my 1:1 this week", "in the team meeting", "with a client on a call", "with my own manager", "with a new joiner",
        "in a project review", "over chat, then in person", "before the weekly sync",
    ]
    static let questionForms = [
        "How do you make time for %@ in a busy week?", "What worked for you with %@ in a remote team?",
        "Any example of %@ going well with a senior stakeholder?", "How do you follow up after %@?",
        "What do you say first when %@ gets awkward?", "How do you prepare for %@ in ten minutes?",
    ]
    static let answerTexts = [
        "Short slot in the calendar, same time each week, and a two-line summary afterwards.",
        "I start with what I saw and ask how they see it before saying anything else.",
        "Write the first sentence down beforehand; the rest follows.",
        "Ask what they need from me, then agree one next step with a date.",
        "I keep it to one example. More than one turns into a list of complaints.",
    ]

    struct Maker {
        let pilot: SamplePilot
        let content: Content
        var random: SeededRandom
        var changes: [Change] = []
        var ids = Set<String>()
        var people: [Participant] = []
        var program: Program?
        var skills: [String] = []

        init(pilot: SamplePilot, content: Content) {
            self.pilot = pilot
            self.content = content
            random = SeededRandom(seed: pilot.seed ^ 0x666C_6F77_636F_6163)
        }

        var since: Date { pilot.since }

        mutating func make() -> [Change] {
            chooseProgramAndSkills()
            makePeople()
            var applications: [Application] = []
            var runs: [DialogRun] = []
            for index in people.indices {
                runs += dialogRuns(index)
                applications += chatApplications(index)
            }
            let (checkIns, fromCheckIns) = checkIns()
            applications += fromCheckIns
            let deliveries = deliveries(checkIns)
            let ratings = ratings()
            let (cards, rubric) = practice()
            let (questions, answers) = questionsAndAnswers()

            for person in people {
                changes.append(.put(UserRecord(id: person.id, displayName: person.name, firstSeen: person.first, lastSeen: person.last)))
            }
            changes += profiles(ratings).map(Change.put)
            if let program {
                let cohort = program.cohorts.first?.id ?? "self-paced"
                for person in people {
                    changes.append(.put(Enrolment(program: program.id, cohort: cohort, user: person.id, start: since.addingTimeInterval(9 * 3600))))
                }
            }
            changes += runs.map(Change.put)
            changes += applications.sorted { $0.at < $1.at }.map(Change.put)
            changes += checkIns.map(Change.put)
            changes += ratings.map(Change.put)
            changes += cards.map(Change.put)
            changes += rubric.map(Change.put)
            changes += questions.map(Change.put)
            changes += answers.map(Change.put)
            changes += deliveries.map(Change.put)
            changes += counters(sent: deliveries.count).map(Change.put)
            return changes
        }

        // MARK: - Who and what

        /// The program with goals (else the first), its skills, and a few more the coach has dialogs for.
        mutating func chooseProgramAndSkills() {
            program = content.learning.programs.first { $0.goals != nil } ?? content.learning.programs.first
            var skills: [String] = []
            if let program { skills = program.goals.map(\.skills).flatMap { $0.isEmpty ? nil : $0 } ?? program.skills }
            var others: [String] = []
            for dialog in content.dialogs where dialog.asksConfidence && !skills.contains(dialog.skill) && !others.contains(dialog.skill) {
                others.append(dialog.skill)
            }
            skills += random.shuffled(others).prefix(max(0, 4 - skills.count))
            if skills.isEmpty { skills = ["giving-feedback"] }
            self.skills = skills
        }

        mutating func makePeople() {
            let count = pilot.people
            let champions = max(1, Int((Double(count) * 0.2).rounded()))
            let dropouts = Int((Double(count) * 0.15).rounded())
            let light = Int((Double(count) * 0.2).rounded())
            var kinds = Array(repeating: "champion", count: champions) + Array(repeating: "dropout", count: dropouts)
                + Array(repeating: "light", count: light)
            kinds += Array(repeating: "steady", count: max(0, count - kinds.count))
            kinds = random.shuffled(Array(kinds.prefix(count)))
            let platform = content.settings.platform
            for index in 0..<count {
                let base = SamplePilot.names[index % SamplePilot.names.count]
                let name = index < SamplePilot.names.count ? base : "\(base) \(index / SamplePilot.names.count + 1)"
                let handle = name.lowercased().replacingOccurrences(of: " ", with: "")
                let id = platform == "console" ? "console:\(handle)" : "@\(handle):example.org"
                let kind = kinds[index]
                var person = Participant(
                    id: id, name: name, role: random.chance(0.75) ? "manager" : random.pick(["sales", "engineering", "support"]),
                    engagement: 1, completion: 0.7, stopsAfterWeek: nil, practises: false, mastery: false, expertise: [],
                    first: since.addingTimeInterval(Double(random.int(9...30)) * 3600), last: since)
                switch kind {
                case "champion":
                    person.engagement = 1.7
                    person.completion = 0.85
                    person.practises = true
                    person.mastery = random.chance(0.7)
                case "dropout":
                    person.engagement = 0.9
                    person.completion = 0.55
                    person.stopsAfterWeek = min(pilot.weeks - 1, random.int(1...2))
                    person.practises = random.chance(0.5)
                case "light":
                    person.engagement = 0.45
                    person.completion = 0.5
                    person.practises = random.chance(0.3)
                default:
                    person.engagement = 0.8 + random.unit() * 0.5
                    person.completion = 0.7
                    person.practises = random.chance(0.6)
                    person.mastery = random.chance(0.15)
                }
                if kind != "dropout", kind != "light", random.chance(0.4) { person.expertise = [random.pick(skills)] }
                person.last = person.first
                people.append(person)
            }
        }

        /// How active week `week` is, pilot-wide: a slow start, a peak, a gentle fade.
        func ramp(_ week: Int) -> Double {
            week == 0 ? 0.6 : week == 1 ? 0.9 : max(0.75, 1.05 - 0.05 * Double(week - 2))
        }

        func active(_ person: Participant, in week: Int) -> Bool { person.stopsAfterWeek.map { week <= $0 } ?? true }

        /// A working moment (Monday to Friday, 09:00-17:59 UTC) in week `week`, not before `after`.
        mutating func workTime(week: Int, after: Date? = nil) -> Date {
            let weekStart = since.addingTimeInterval(Double(week) * SamplePilot.week)
            var days: [Int] = []
            for offset in 0..<7 {
                let day = Int((weekStart.timeIntervalSince1970 / SamplePilot.day).rounded(.down)) + offset
                let weekday = ((day + 4) % 7 + 7) % 7  // 1970-01-01 was a Thursday; 0 = Sunday
                if weekday != 0, weekday != 6 { days.append(day) }
            }
            let day = random.pick(days)
            var moment = Date(timeIntervalSince1970: Double(day) * SamplePilot.day + Double(random.int(9 * 60...17 * 60 + 59)) * 60)
            let weekEnd = weekStart.addingTimeInterval(SamplePilot.week)
            if moment < weekStart { moment = weekStart.addingTimeInterval(3600) }
            if moment >= weekEnd { moment = weekEnd.addingTimeInterval(-3600) }
            if let after, moment <= after { moment = min(after.addingTimeInterval(Double(random.int(5...240)) * 60), weekEnd.addingTimeInterval(-60)) }
            return min(moment, pilot.until.addingTimeInterval(-60))
        }

        /// Notes that `person` was around at `date`.
        mutating func seen(_ person: String, at date: Date) {
            guard let index = people.firstIndex(where: { $0.id == person }) else { return }
            if date > people[index].last { people[index].last = date }
            if date < people[index].first { people[index].first = date }
        }

        /// A unique id: `make(seconds)` for the first free second from `date` on.
        mutating func unique(_ date: Date, _ make: (Date) -> String) -> Date {
            var date = date
            while ids.contains(make(date)) { date = date.addingTimeInterval(1) }
            ids.insert(make(date))
            return date
        }
    }
}
