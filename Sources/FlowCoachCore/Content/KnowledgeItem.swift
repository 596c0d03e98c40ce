/// A job aid, template, checklist, case study, refresher, tip or guide from `Prompts/knowledge/`.
public struct KnowledgeItem: Sendable, Hashable {
    public var id: String
    public var title: String
    public var kind: Kind
    public var skills: [String]
    public var roles: [String]
    public var tags: [String]
    public var summary: String
    /// The Markdown body.
    public var body: String

    public init(
        id: String, title: String, kind: Kind, skills: [String], roles: [String] = [], tags: [String] = [],
        summary: String, body: String
    ) {
        self.id = id
        self.title = title
        self.kind = kind
        self.skills = skills
        self.roles = roles
        self.tags = tags
        self.summary = summary
        self.body = body
    }

    /// The kinds of knowledge an L&D team writes.
    public enum Kind: String, Sendable, CaseIterable {
        case jobAid = "job_aid"
        case template
        case checklist
        case caseStudy = "case_study"
        case refresher
        case tip
        case guide
    }
}
