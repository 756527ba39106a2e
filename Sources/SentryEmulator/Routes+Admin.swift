import Foundation

/// The admin routes under `/_emulator/`: no authentication, JSON in and out,
/// never counted in the stats, never rate limited.
///
/// - `GET /_emulator/stats` → `{"requests": {"GET /api/0/organizations/{org}/members/": 26},
///   "total": 26}`: API requests by method and route template.
/// - `POST /_emulator/reset` with optional `{"data": true}`: counts to zero; with
///   `data`, the organization back to its initial data (faults and clock kept).
/// - `POST /_emulator/mutate` with `{"op": "...", ...}` → `{"id": "<affected id>"}`
///   or 400 `{"error": "..."}` naming the valid ops, or the op and the field at
///   fault. Ops (see ``EmulatorMutation``; `?` marks an optional field):
///   `rename_member {id, name}`, `set_role {id, role}`,
///   `add_member {email, role?, teams?, name?}` (with `name`: accepted at once),
///   `remove_member {id}`, `accept_invite {id, name, email?}`, `expire_invite {id}`,
///   `add_team_member {member, team, role?}`, `remove_team_member {member, team}`,
///   `rename_project {project, slug?, name?, platform?}`,
///   `add_project {slug, name?, platform?, teams?}`, `delete_project {project}`.
///   Member ids (`id`, `member`) are numbers or digit strings; `project` is an
///   id or a slug; `teams` is an array of team slugs. For example
///   `{"op": "set_role", "id": "7", "role": "admin"}`.
/// - `POST /_emulator/faults` with one rule or `{"faults": [rule, ...]}`; a rule is
///   `{"method": "GET"?, "path": "/api/0/...", "match": {"cursor": "100:2:0" | null}?,
///   "status": 503 | "drop": true | "dropAfterApply": true, "times": 1?}`
///   (`times` defaults to 1; `-1` means no limit).
/// - `DELETE /_emulator/faults`: removes every rule. `GET` lists how many are active.
/// - `POST /_emulator/clock` with `{"offsetSeconds": 120}`: the emulator's clock
///   (`Date` headers, audit times) runs that far ahead; `GET` reads it.
extension Router {
    func handleAdmin(_ request: EmulatorRequest) -> EmulatorResponse {
        let path = request.path.hasSuffix("/") ? String(request.path.dropLast()) : request.path
        let body = request.jsonBody()
        switch (request.method, path) {
        case ("GET", "/_emulator/stats"):
            let counts = requestCounts()
            return .json(200, ["requests": counts.jsonNode, "total": counts.values.reduce(0, +)])
        case ("POST", "/_emulator/reset"):
            resetRequestCounts()
            if body?["data"] as? Bool == true { state.reset() }
            return .json(200, ["ok": true])
        case ("POST", "/_emulator/mutate"):
            guard let body else { return Self.adminError("The body must be a JSON object.") }
            do {
                let id = try state.apply(Self.mutation(from: body))
                return .json(200, ["id": String(id)])
            } catch {
                return Self.adminError("\(error)")
            }
        case ("POST", "/_emulator/faults"):
            guard let body else { return Self.adminError("The body must be a JSON object.") }
            let rules = (body["faults"] as? [[String: Any]]) ?? [body]
            do {
                let faults = try rules.map(Self.fault(from:))
                faults.forEach(self.faults.add)
                return .json(200, ["active": self.faults.active.count])
            } catch {
                return Self.adminError("\(error)")
            }
        case ("DELETE", "/_emulator/faults"):
            faults.clear()
            return .json(200, ["active": 0])
        case ("GET", "/_emulator/faults"):
            return .json(200, ["active": faults.active.count])
        case ("POST", "/_emulator/clock"):
            guard let offset = (body?["offsetSeconds"] as? NSNumber)?.doubleValue else {
                return Self.adminError("Send {\"offsetSeconds\": <number>}.")
            }
            state.clockOffsetSeconds = offset
            return .json(200, ["offsetSeconds": Int(offset)])
        case ("GET", "/_emulator/clock"):
            return .json(200, ["offsetSeconds": Int(state.clockOffsetSeconds),
                               "now": TimeFormatting.iso8601(state.nowMicros)])
        default:
            return .detail(404, "Unknown admin route \(request.method) \(request.path).")
        }
    }

    private static func adminError(_ message: String) -> EmulatorResponse {
        .json(400, ["error": message])
    }

    private static func int(_ value: Any?) -> Int? {
        if let text = value as? String { return Int(text) }
        return (value as? NSNumber)?.intValue
    }

    private static func string(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        return (value as? NSNumber).map { $0.stringValue }
    }

    /// Every op `POST /_emulator/mutate` takes, with its fields (`?`: optional),
    /// in the order the admin route documentation lists them.
    static let mutationOps: [(op: String, fields: String)] = [
        ("rename_member", "id, name"), ("set_role", "id, role"),
        ("add_member", "email, role?, teams?, name?"), ("remove_member", "id"),
        ("accept_invite", "id, name, email?"), ("expire_invite", "id"),
        ("add_team_member", "member, team, role?"), ("remove_team_member", "member, team"),
        ("rename_project", "project, slug?, name?, platform?"),
        ("add_project", "slug, name?, platform?, teams?"), ("delete_project", "project"),
    ]

    /// Reads a `POST /_emulator/mutate` body.
    ///
    /// - Throws: ``EmulatorMutationError`` naming the valid ops for a missing
    ///   or unknown op, and the op and field for a missing or unusable field.
    static func mutation(from body: [String: Any]) throws -> EmulatorMutation {
        let validOps = mutationOps.map(\.op).joined(separator: ", ")
        guard let op = body["op"] as? String else {
            throw EmulatorMutationError(
                description: "The body needs \"op\", one of: \(validOps).")
        }
        guard let fields = mutationOps.first(where: { $0.op == op })?.fields else {
            throw EmulatorMutationError(
                description: "Unknown op \"\(op)\"; use one of: \(validOps).")
        }
        let fieldsReader = MutationFields(op: op, fields: fields, body: body)
        return try fieldsReader.mutation()
    }

    static func fault(from rule: [String: Any]) throws -> EmulatorFault {
        guard let path = rule["path"] as? String else {
            throw EmulatorMutationError(description: "A fault rule needs a \"path\".")
        }
        let action: EmulatorFaultAction
        if let status = int(rule["status"]) {
            action = .status(status)
        } else if rule["dropAfterApply"] as? Bool == true {
            action = .dropAfterApply
        } else if rule["drop"] as? Bool == true {
            action = .drop
        } else {
            throw EmulatorMutationError(
                description: "A fault rule needs \"status\", \"drop\" or \"dropAfterApply\".")
        }
        var match: [String: String?] = [:]
        for (key, value) in rule["match"] as? [String: Any] ?? [:] {
            match[key] = value is NSNull ? .some(nil) : string(value)
        }
        let times = rule["times"].map { int($0) ?? 1 } ?? 1
        return EmulatorFault(method: rule["method"] as? String, path: path, match: match,
                             action: action, times: times < 0 ? nil : times)
    }
}
