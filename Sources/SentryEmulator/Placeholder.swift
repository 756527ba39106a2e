// SentryEmulator
