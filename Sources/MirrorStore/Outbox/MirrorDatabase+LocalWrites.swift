import FoundationEssentials
import MirrorJSON

/// Local writes: each is one durable transaction that queues the mutation,
/// applies it to the local view and journals the change with origin `local`.
/// Once one returns, the mutation survives a crash (invariant 1).
///
/// `madeAt` is the server-clock time of the write (local clock plus the
/// learned offset); it is what the conflict rule compares.
extension MirrorDatabase {
    /// Invites a member: `member.add`, under the id `local:<outbox id>`.
    ///
    /// - Throws: ``LocalWriteError`` for a bad or over-long e-mail address,
    ///   a bad role, an unknown team, or an address already a member or invited.
    @discardableResult
    public func addMember(
        org: String, email: String, role: String = "member", teamSlugs: [String] = [],
        madeAt: Date
    ) throws -> PendingMutation {
        try connection.transaction(durable: true) {
            guard Self.isEmailAddress(email) else { throw LocalWriteError.invalidEmail(email) }
            guard email.unicodeScalars.count <= Self.maximumEmailLength else {
                throw LocalWriteError.emailTooLong(email)
            }
            guard knownOrganizationRoles.contains(role) else {
                throw LocalWriteError.unknownRole(role)
            }
            for slug in teamSlugs where try localTeam(org: org, slug: slug) == nil {
                throw LocalWriteError.unknownTeam(slug)
            }
            if let existing = try lookupMember(org: org, idOrEmail: email) {
                throw existing.pending
                    ? LocalWriteError.alreadyInvited(email) : LocalWriteError.alreadyMember(email)
            }
            let payload: JSONValue = .object([
                "email": .string(email), "role": .string(role),
                "teams": .array(teamSlugs.map { .string($0) }),
            ])
            return try queue(.memberAdd, org: org, target: nil, payload: payload, madeAt: madeAt)
        }
    }

    /// Removes a member (by id or e-mail address): `member.remove`.
    ///
    /// - Throws: ``LocalWriteError/memberNotFound(_:)``.
    @discardableResult
    public func removeMember(org: String, idOrEmail: String, madeAt: Date) throws
        -> PendingMutation
    {
        try connection.transaction(durable: true) {
            guard let member = try lookupMember(org: org, idOrEmail: idOrEmail) else {
                throw LocalWriteError.memberNotFound(idOrEmail)
            }
            return try queue(
                .memberRemove, org: org, target: member.id,
                payload: .object(["id": .string(member.id)]), madeAt: madeAt)
        }
    }

    /// Creates a project on a team: `project.create`, under the id `local:<outbox id>`.
    ///
    /// Without `slug`, one is made from `name`; the mutation always carries
    /// an explicit slug so that a retried request cannot make a second project.
    ///
    /// - Throws: ``LocalWriteError`` for a bad name or slug, a name no slug
    ///   can be made from, a slug taken in the local view, or an unknown team.
    @discardableResult
    public func createProject(
        org: String, name: String, slug: String? = nil, platform: String? = nil,
        teamSlug: String, madeAt: Date
    ) throws -> PendingMutation {
        try connection.transaction(durable: true) {
            try Self.checkProjectName(name, maximumLength: 50)
            guard let slug = slug ?? Self.slug(from: name) else {
                throw LocalWriteError.cannotMakeSlug(name)
            }
            try checkNewSlug(slug, org: org, projectID: nil)
            guard try localTeam(org: org, slug: teamSlug) != nil else {
                throw LocalWriteError.unknownTeam(teamSlug)
            }
            let payload: JSONValue = .object([
                "name": .string(name), "slug": .string(slug),
                "platform": platform.map { .string($0) } ?? .null, "team": .string(teamSlug),
            ])
            return try queue(
                .projectCreate, org: org, target: nil, payload: payload, madeAt: madeAt)
        }
    }

    /// Changes a project's name, slug or platform: `project.update`.
    ///
    /// Only the fields that differ from the local view are sent; an empty
    /// `platform` is ignored, as Sentry ignores it.
    ///
    /// - Throws: ``LocalWriteError`` for an unknown project, nothing given or
    ///   nothing different from the local view, a bad name or slug, or a
    ///   slug taken by another project.
    @discardableResult
    public func updateProject(
        org: String, idOrSlug: String, name: String? = nil, slug: String? = nil,
        platform: String? = nil, madeAt: Date
    ) throws -> PendingMutation {
        try connection.transaction(durable: true) {
            guard let project = try lookupProject(org: org, idOrSlug: idOrSlug) else {
                throw LocalWriteError.projectNotFound(idOrSlug)
            }
            if let name { try Self.checkProjectName(name, maximumLength: 200) }
            if let slug, slug != project.slug {
                try checkNewSlug(slug, org: org, projectID: project.id)
            }
            let given: [(key: String, value: String?, current: String?)] = [
                ("name", name, project.name), ("slug", slug, project.slug),
                ("platform", platform.flatMap { $0.isEmpty ? nil : $0 }, project.platform),
            ]
            var fields: [String: JSONValue] = [:]
            for field in given {
                if let value = field.value, value != field.current {
                    fields[field.key] = .string(value)
                }
            }
            guard !fields.isEmpty else {
                let same = given.filter { $0.value != nil }.map(\.key)
                throw same.isEmpty
                    ? LocalWriteError.nothingToUpdate
                    : LocalWriteError.unchanged(project: project.slug, fields: same)
            }
            return try queue(
                .projectUpdate, org: org, target: project.id, payload: .object(fields),
                madeAt: madeAt)
        }
    }

    /// Deletes a project (by id or slug): `project.delete`.
    ///
    /// - Throws: ``LocalWriteError/projectNotFound(_:)``.
    @discardableResult
    public func deleteProject(org: String, idOrSlug: String, madeAt: Date) throws
        -> PendingMutation
    {
        try connection.transaction(durable: true) {
            guard let project = try lookupProject(org: org, idOrSlug: idOrSlug) else {
                throw LocalWriteError.projectNotFound(idOrSlug)
            }
            return try queue(
                .projectDelete, org: org, target: project.id, payload: .object([:]),
                madeAt: madeAt)
        }
    }

    // MARK: - Steps

    /// Inserts the outbox row and rebases its target; `target` nil names a creation.
    private func queue(
        _ kind: MutationKind, org: String, target: String?, payload: JSONValue, madeAt: Date
    ) throws -> PendingMutation {
        let time = ServerTime.text(madeAt)
        let baseVersion = try target.flatMap { id in
            try connection.firstRow(
                "SELECT version FROM \(kind.entity.serverTable) WHERE org = ? AND id = ?", org, id
            ) { $0.int(0) }
        }
        try connection.run(
            """
            INSERT INTO outbox (org, kind, entity, target_id, payload, made_at, base_version)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, org, kind.rawValue, kind.entity.rawValue, target ?? "", payload.canonicalText,
            time, baseVersion)
        let id = connection.lastInsertRowID
        let targetID = target ?? localIDPrefix + String(id)
        if target == nil {
            try connection.run("UPDATE outbox SET target_id = ? WHERE id = ?", targetID, id)
        }
        let journal = journalWriter(org: org, origin: .local, serverTime: time)
        try rebase(kind.entity, id: targetID, journal: journal)
        guard let mutation = try pendingMutation(id: id) else {
            preconditionFailure("the outbox row \(id) was inserted in this transaction")
        }
        return mutation
    }

    private func checkNewSlug(_ slug: String, org: String, projectID: String?) throws {
        guard Self.isSlug(slug) else { throw LocalWriteError.invalidSlug(slug) }
        if let other = try lookupProject(org: org, idOrSlug: slug), other.id != projectID {
            throw LocalWriteError.slugTaken(slug)
        }
    }

    /// Sentry's slug pattern `^(?![0-9]+$)[a-z0-9_\-]+$`, at most 50 characters.
    static func isSlug(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 50 else { return false }
        let allowed = text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
        return allowed && !text.allSatisfy(\.isASCIIDigit)
    }

    /// A slug made from a project name: its lowercase ASCII words joined by
    /// single `-`, never starting or ending with one, at most 50 characters.
    ///
    /// An all-digit result gets a `project-` prefix, as Sentry refuses
    /// all-digit slugs. Returns nil when the name has no ASCII letter or digit
    /// (`名前`, `!!!`): no slug the user would recognise can be made from it.
    public static func slug(from name: String) -> String? {
        var slug = ""
        for scalar in name.lowercased().unicodeScalars {
            if isASCIILetterOrDigit(scalar) || scalar == "_" {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, slug.last != "-" {
                slug += "-"
            }
        }
        // Cut first, then trim: the cut can leave a separator last.
        slug = String(slug.prefix(50))
        while slug.hasSuffix("-") { slug.removeLast() }
        guard slug.unicodeScalars.contains(where: isASCIILetterOrDigit) else { return nil }
        if slug.allSatisfy(\.isASCIIDigit) { slug = String(("project-" + slug).prefix(50)) }
        return slug
    }

    private static func isASCIILetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// The longest e-mail address Sentry accepts (CONTRACT §5.2).
    static let maximumEmailLength = 75

    /// Refuses an empty or over-long project name, or one with a control
    /// character (a line break, a tab): it would break every listing.
    static func checkProjectName(_ name: String, maximumLength: Int) throws {
        guard !name.isEmpty, name.count <= maximumLength else {
            throw LocalWriteError.invalidName(name)
        }
        let hasControl = name.unicodeScalars.contains {
            switch $0.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: true
            default: false
            }
        }
        guard !hasControl else { throw LocalWriteError.nameHasControlCharacters(name) }
    }

    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
        else { return false }
        return !text.contains { $0.isWhitespace }
    }
}
