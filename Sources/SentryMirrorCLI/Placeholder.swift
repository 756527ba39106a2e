// SentryMirrorCLI
