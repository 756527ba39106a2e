// SentryAPI
