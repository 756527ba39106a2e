import Foundation
import MirrorStore

extension SnapshotBenchmark {
    /// Creates a synthetic mirror at `path` as a finished pull would leave it.
    ///
    /// The database is created and migrated through MirrorStore, then filled
    /// with SQL: server state, local view, team links and one journal row per
    /// inserted object, all for one organization. The defaults are the sizes
    /// issue 4's benchmark names. For benchmarks and tests; a real mirror comes
    /// from `pull`.
    ///
    /// - Throws: ``SnapshotError`` when the file exists already or cannot be written.
    public static func makeSampleMirror(
        at path: String,
        organization: String = "acme",
        members: Int = 10_000,
        projects: Int = 2_000,
        teams: Int = 200
    ) throws {
        guard !FileSystem.exists(path) else {
            throw SnapshotError(
                .database, path: path,
                "\(path) exists already; a sample mirror is only written to a new file.")
        }
        do {
            // Create and migrate through the store, then close before raw SQL.
            _ = try MirrorDatabase.open(path: path)
            let connection = try RawConnection(path: path, mode: .readWrite)
            try connection.execute("BEGIN")
            for statement in sampleSQL(
                org: organization, members: members, projects: projects, teams: max(teams, 1))
            {
                try connection.execute(statement)
            }
            try connection.execute("COMMIT")
            try connection.close()
        } catch let error as SnapshotError {
            throw error
        } catch {
            throw SnapshotError(
                .database, path: path, "Could not write the sample mirror \(path): \(error).")
        }
    }

    /// The statements that fill the sample; each generates its rows with a recursive CTE.
    private static func sampleSQL(
        org: String, members: Int, projects: Int, teams: Int
    ) -> [String] {
        let org = "'" + org.replacingOccurrences(of: "'", with: "''") + "'"
        let seen = "'2025-01-01T00:00:00.000Z'"
        func numbers(_ count: Int) -> String {
            "WITH RECURSIVE n(i) AS (SELECT 1 WHERE \(count) > 0 "
                + "UNION ALL SELECT i + 1 FROM n WHERE i < \(count))"
        }
        let teamJSON = """
            json_object('id', CAST(1000000 + i AS TEXT), 'slug', 'team-' || i,
              'name', 'Team ' || i, 'dateCreated', '2024-01-01T00:00:00Z',
              'memberCount', \(members) / \(teams), 'isMember', json('false'),
              'flags', json_object('idp:provisioned', json('false')))
            """
        let memberJSON = """
            json_object('id', CAST(2000000 + i AS TEXT), 'email', 'user' || i || '@example.com',
              'name', 'User Number ' || i, 'orgRole', CASE WHEN i % 50 = 0 THEN 'admin'
              ELSE 'member' END, 'pending', json('false'), 'expired', json('false'),
              'inviteStatus', 'approved', 'dateCreated', '2024-02-01T10:00:00.120263Z',
              'user', json_object('id', CAST(3000000 + i AS TEXT),
                'email', 'user' || i || '@example.com', 'username', 'user' || i,
                'has2fa', json(CASE WHEN i % 3 = 0 THEN 'true' ELSE 'false' END)))
            """
        let projectJSON = """
            json_object('id', CAST(4000000 + i AS TEXT), 'slug', 'project-' || i,
              'name', 'Project ' || i, 'platform', CASE i % 4 WHEN 0 THEN 'python'
              WHEN 1 THEN 'javascript' WHEN 2 THEN 'go' ELSE 'swift' END,
              'dateCreated', '2024-03-01T00:00:00Z', 'isBookmarked', json('false'),
              'teams', json_array(json_object('id', CAST(1000000 + 1 + i % \(teams) AS TEXT),
                'slug', 'team-' || (1 + i % \(teams)))))
            """
        return [
            """
            CREATE TEMP TABLE sample_teams AS \(numbers(teams))
            SELECT CAST(1000000 + i AS TEXT) AS id, 'team-' || i AS slug, 'Team ' || i AS name,
              \(teamJSON) AS json FROM n
            """,
            """
            CREATE TEMP TABLE sample_members AS \(numbers(members))
            SELECT CAST(2000000 + i AS TEXT) AS id, 'user' || i || '@example.com' AS email,
              'User Number ' || i AS name, CASE WHEN i % 50 = 0 THEN 'admin' ELSE 'member' END
              AS role, CAST(3000000 + i AS TEXT) AS user_id, \(memberJSON) AS json,
              CAST(1000000 + 1 + i % \(teams) AS TEXT) AS team_id FROM n
            """,
            """
            CREATE TEMP TABLE sample_projects AS \(numbers(projects))
            SELECT CAST(4000000 + i AS TEXT) AS id, 'project-' || i AS slug,
              'Project ' || i AS name, json_extract(\(projectJSON), '$.platform') AS platform,
              \(projectJSON) AS json, CAST(1000000 + 1 + i % \(teams) AS TEXT) AS team_id FROM n
            """,
            """
            INSERT INTO server_teams (org, id, slug, name, date_created, member_count, json,
              first_seen_at, confirmed_at, listing)
            SELECT \(org), id, slug, name, '2024-01-01T00:00:00Z', \(members / teams), json,
              \(seen), \(seen), 1 FROM sample_teams
            """,
            """
            INSERT INTO teams (org, id, slug, name, date_created, member_count, json)
            SELECT \(org), id, slug, name, '2024-01-01T00:00:00Z', \(members / teams), json
            FROM sample_teams
            """,
            """
            INSERT INTO server_members (org, id, email, name, role, pending, expired, user_id,
              invite_status, date_created, json, first_seen_at, confirmed_at, listing)
            SELECT \(org), id, email, name, role, 0, 0, user_id, 'approved',
              '2024-02-01T10:00:00.120263Z', json, \(seen), \(seen), 1 FROM sample_members
            """,
            """
            INSERT INTO members (org, id, email, name, role, pending, expired, user_id,
              invite_status, date_created, json)
            SELECT \(org), id, email, name, role, 0, 0, user_id, 'approved',
              '2024-02-01T10:00:00.120263Z', json FROM sample_members
            """,
            """
            INSERT INTO server_projects (org, id, slug, name, platform, date_created, json,
              first_seen_at, confirmed_at, listing)
            SELECT \(org), id, slug, name, platform, '2024-03-01T00:00:00Z', json,
              \(seen), \(seen), 1 FROM sample_projects
            """,
            """
            INSERT INTO projects (org, id, slug, name, platform, date_created, json)
            SELECT \(org), id, slug, name, platform, '2024-03-01T00:00:00Z', json
            FROM sample_projects
            """,
            """
            INSERT INTO server_team_members (org, team_id, member_id, team_role, listing)
            SELECT \(org), team_id, id, NULL, 1 FROM sample_members
            """,
            """
            INSERT INTO team_members (org, team_id, member_id, team_role)
            SELECT \(org), team_id, id, NULL FROM sample_members
            """,
            """
            INSERT INTO server_project_teams (org, project_id, team_id)
            SELECT \(org), id, team_id FROM sample_projects
            """,
            """
            INSERT INTO project_teams (org, project_id, team_id)
            SELECT \(org), id, team_id FROM sample_projects
            """,
            """
            INSERT INTO journal (org, origin, entity, entity_id, op, changes, server_time,
              recorded_at)
            SELECT \(org), 'remote', 'teams', id, 'insert', json, \(seen), \(seen)
              FROM sample_teams
            UNION ALL SELECT \(org), 'remote', 'members', id, 'insert', json, \(seen), \(seen)
              FROM sample_members
            UNION ALL SELECT \(org), 'remote', 'projects', id, 'insert', json, \(seen), \(seen)
              FROM sample_projects
            """,
            "DROP TABLE sample_teams",
            "DROP TABLE sample_members",
            "DROP TABLE sample_projects",
        ]
    }
}
