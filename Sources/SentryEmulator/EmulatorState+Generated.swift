/// Deterministic generated organizations of any size.
extension EmulatorState {
    /// Makes an organization from `seed`: the same arguments always give the
    /// same data and the same JSON bytes.
    ///
    /// Members sit in one to three teams (billing members in none), each
    /// project is owned by one or two teams, the first member is the owner,
    /// about one in twenty is a pending invite (a third of those expired), and
    /// names mix ASCII and non-ASCII letters.
    public static func generated(org: String, teams: Int, members: Int, projects: Int,
                                 seed: UInt64 = 1) -> EmulatorState {
        var generator = OrganizationGenerator(seed: seed)
        return EmulatorState(data: generator.make(
            slug: org, teams: max(0, teams), members: max(0, members), projects: max(0, projects)))
    }
}

/// SplitMix64: tiny, fast and the same on every platform.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (bound > 0).
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// True with probability `1 / n`.
    mutating func oneIn(_ n: Int) -> Bool {
        below(n) == 0
    }
}

private struct OrganizationGenerator {
    var random: SeededRandom

    init(seed: UInt64) {
        random = SeededRandom(seed: seed)
    }

    static let firstNames = [
        "Ada", "Ben", "Chloé", "Dmitri", "Elif", "François", "Grace", "Hiroshi", "Inès",
        "Jonas", "Karin", "Łukasz", "Maja", "Nils", "Olga", "Pedro", "Quinn", "Rania",
        "Søren", "Tomás", "Uma", "Vera", "Wen", "Xavier", "Yusuf", "Zoë", "Ángel", "Björn",
        "Anaïs", "José", "Mirjam", "Noor", "Priya", "Sam", "Taylor", "Ola",
    ]
    static let lastNames = [
        "Ångström", "Bauer", "Castillo", "Dubois", "Eriksen", "Fischer", "García", "Hansen",
        "Ivanova", "Jensen", "Kowalski", "López", "Müller", "Nakamura", "O'Brien", "Petrov",
        "Quispe", "Rossi", "Schröder", "Tanaka", "Underwood", "Virtanen", "Wójcik", "Żółć",
        "Yılmaz", "Zhang", "Novák", "Smith", "Brown", "Moreau",
    ]
    static let teamWords = [
        "backend", "frontend", "mobile", "platform", "data", "infra", "payments", "search",
        "growth", "security", "billing", "identity", "mail", "ml", "design-systems", "sre",
        "checkout", "catalog", "analytics", "support-tools",
    ]
    static let projectWords = [
        "api", "web", "ios", "android", "worker", "gateway", "dashboard", "cron", "auth",
        "ledger", "notifier", "importer", "exporter", "cms", "storefront", "admin", "sync",
        "reports", "pipeline", "edge",
    ]
    static let platforms: [String?] = [
        "python", "python-django", "javascript", "javascript-react", "node", "node-express",
        "go", "java", "ruby-rails", "php", "apple-ios", "android", "dotnet", "rust",
        "elixir", "flutter", "react-native", nil, "other",
    ]
    /// 2019-01-01T00:00:00Z.
    static let epoch: Microseconds = 1_546_300_800_000_000

    mutating func timestamp(after start: Microseconds) -> Microseconds {
        let seconds = Microseconds(random.below(3 * 365 * 86_400))
        let fraction = random.oneIn(7) ? 0 : Microseconds(random.below(1_000_000))
        return start + seconds * 1_000_000 + fraction
    }

    mutating func make(slug: String, teams teamCount: Int, members memberCount: Int,
                       projects projectCount: Int) -> OrganizationData {
        var org = OrganizationData(
            id: 1, slug: slug, name: slug.capitalized + " Inc.", dateCreated: Self.epoch)
        org.nextID = 1_000_001
        org.teams = makeTeams(teamCount, org: &org)
        org.members = makeMembers(memberCount, org: &org)
        org.projects = makeProjects(projectCount, org: &org)
        return org
    }

    private mutating func makeTeams(_ count: Int, org: inout OrganizationData) -> [TeamRecord] {
        (0..<count).map { index in
            let word = Self.teamWords[index % Self.teamWords.count]
            let round = index / Self.teamWords.count
            let slug = round == 0 ? word : "\(word)-\(round + 1)"
            let name = slug.split(separator: "-").map { $0.capitalized }.joined(separator: " ")
            return TeamRecord(id: org.makeID(), slug: slug, name: name,
                              dateCreated: timestamp(after: Self.epoch))
        }
    }

    private mutating func makeMembers(_ count: Int,
                                      org: inout OrganizationData) -> [MemberRecord] {
        var members: [MemberRecord] = []
        for index in 0..<count {
            let first = random.pick(Self.firstNames)
            let last = random.pick(Self.lastNames)
            let local = Validation.slugify("\(first) \(last)").replacingOccurrences(of: "-", with: ".")
            let email = "\(local).\(index + 1)@example.com"
            let role = index == 0 ? "owner" : pickRole()
            let isPending = index > 0 && random.oneIn(20)
            let created = timestamp(after: Self.epoch)
            let id = org.makeID()
            let user = isPending ? nil : UserRecord(
                id: org.makeID(), name: "\(first) \(last)", email: email,
                dateJoined: created + 3_600_000_000)
            var links: [TeamLink] = []
            if role != "billing", !org.teams.isEmpty {
                for _ in 0..<(1 + random.below(3)) {
                    let team = random.pick(org.teams)
                    if !links.contains(where: { $0.teamID == team.id }) {
                        links.append(TeamLink(teamID: team.id,
                                              role: random.oneIn(8) ? "admin" : nil))
                    }
                }
            }
            members.append(MemberRecord(
                id: id, email: email, user: user, orgRole: role,
                expired: isPending && random.oneIn(3), dateCreated: created,
                inviterName: index == 0 ? nil : members.first?.name, teams: links))
        }
        return members
    }

    private mutating func pickRole() -> String {
        switch random.below(100) {
        case 0: "owner"
        case 1...3: "manager"
        case 4: "billing"
        case 5: "admin"
        default: "member"
        }
    }

    private mutating func makeProjects(_ count: Int,
                                       org: inout OrganizationData) -> [ProjectRecord] {
        var used = Set<String>()
        return (0..<count).map { index in
            let base = "\(random.pick(Self.projectWords))-\(random.pick(Self.projectWords))"
            var slug = base
            var suffix = 2
            while used.contains(slug) {
                slug = "\(base)-\(suffix)"
                suffix += 1
            }
            used.insert(slug)
            let name = slug.split(separator: "-").map { $0.capitalized }.joined(separator: " ")
            var teamIDs: [Int] = []
            if !org.teams.isEmpty {
                teamIDs.append(random.pick(org.teams).id)
                if random.oneIn(3) {
                    let other = random.pick(org.teams).id
                    if !teamIDs.contains(other) { teamIDs.append(other) }
                }
            }
            return ProjectRecord(id: org.makeID(), slug: slug, name: name,
                                 platform: random.pick(Self.platforms),
                                 dateCreated: timestamp(after: Self.epoch), teamIDs: teamIDs)
        }
    }
}
