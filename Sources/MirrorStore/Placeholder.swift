/// The number of migrations this build carries.
public var bundledMigrationCount: Int { embeddedMigrations.count }
