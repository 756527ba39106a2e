extension Router {
    func addMember(_ context: RouteContext) -> EmulatorResponse { .notFound }
    func removeMember(_ context: RouteContext) -> EmulatorResponse { .notFound }
    func auditLog(_ context: RouteContext) -> EmulatorResponse { .notFound }
    func createProject(_ context: RouteContext) -> EmulatorResponse { .notFound }
    func updateProject(_ context: RouteContext) -> EmulatorResponse { .notFound }
    func deleteProject(_ context: RouteContext) -> EmulatorResponse { .notFound }
}
