import FlowCoachCore
import Foundation
import Yams

/// `managers:` (person id → manager id, each checked against the platform like `admins`) and
/// `manager_digest:` (when managers get their weekly digest) in `Config/flowcoach.yaml`.
extension SettingsLoader {
    static let managerKeys = ["managers", "manager_digest"]

    static func loadManagers(_ object: YAMLObject, platform: String) -> ManagerSettings {
        let source = object.source
        var managerOf: [String: String] = [:]
        if let managers = object.object("managers"), let mapping = managers.node.mapping {
            for (key, value) in mapping {
                guard let person = key.string, let manager = value.scalar?.string, !person.isEmpty, !manager.isEmpty else {
                    source.add(value, "each entry of `managers` is `\"<person's id>\": \"<their manager's id>\"`")
                    continue
                }
                checkPersonID(person, at: key, platform: platform, in: source)
                checkPersonID(manager, at: value, platform: platform, in: source)
                guard person != manager else {
                    source.add(value, "`\(person)` is listed as their own manager; leave them out, or name the person they report to")
                    continue
                }
                managerOf[person] = manager
            }
        }
        var digest = ManagerSettings.defaultDigest
        if let text = object.string("manager_digest") {
            do {
                guard case .recurring = try ScheduleParser.parse(text) else {
                    source.add(object.value("manager_digest"), "`manager_digest` must repeat every week, e.g. \"fridays at 15:00\"")
                    return ManagerSettings(managerOf: managerOf)
                }
                digest = text
            } catch {
                source.add(object.value("manager_digest"), "`manager_digest`: \(error.description)")
            }
        }
        return ManagerSettings(managerOf: managerOf, digest: digest)
    }
}
