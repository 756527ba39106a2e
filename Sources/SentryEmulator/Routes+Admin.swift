extension Router {
    func handleAdmin(_ request: EmulatorRequest) -> EmulatorResponse { .notFound }
}
