import Foundation

/// Sentry's input rules for slugs, names, e-mails and platforms.
enum Validation {
    /// `^(?![0-9]+$)[a-z0-9_\-]+$` (CONTRACT.md §9.4).
    static func isValidSlug(_ slug: String) -> Bool {
        guard !slug.isEmpty, !slug.allSatisfy(\.isASCIIDigit) else { return false }
        return slug.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_" || scalar == "-"
        }
    }

    static let invalidSlugMessage = "Enter a valid slug consisting of lowercase letters, "
        + "numbers, underscores or hyphens. It cannot be entirely numeric."

    static let reservedProjectSlugs: Set<String> = [
        "$all", "api-keys", "audit-log", "auth", "members", "projects", "rate-limits",
        "repos", "settings", "teams", "billing", "payments", "legal", "subscription",
        "support", "integrations", "developer-settings", "usage",
    ]

    /// Platform ids the emulator accepts; anything else is `Invalid platform`.
    static let platforms: Set<String> = [
        "android", "apple", "apple-ios", "apple-macos", "bun", "cocoa", "csharp", "dart",
        "deno", "dotnet", "dotnet-aspnetcore", "elixir", "flutter", "go", "go-gin", "java",
        "java-spring-boot", "javascript", "javascript-angular", "javascript-nextjs",
        "javascript-react", "javascript-vue", "kotlin", "native", "node", "node-express",
        "node-nestjs", "other", "perl", "php", "php-laravel", "php-symfony", "python",
        "python-django", "python-fastapi", "python-flask", "react-native", "ruby",
        "ruby-rails", "rust", "swift", "unity", "unreal",
    ]

    /// A deliberately small check: one `@`, text on both sides, a dot in the domain.
    static func isValidEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !email.contains(where: \.isWhitespace)
        else { return false }
        return true
    }

    /// Django's `slugify`: ASCII-fold, lowercase, drop punctuation, spaces and
    /// runs of hyphens to one hyphen, trimmed; cut to `limit` characters.
    static func slugify(_ name: String, limit: Int = 50) -> String {
        let folded = name.applyingTransform(.toLatin, reverse: false)?
            .applyingTransform(.stripDiacritics, reverse: false) ?? name
        var slug = ""
        var pendingHyphen = false
        for scalar in folded.lowercased().unicodeScalars {
            let isWord = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_"
            if isWord {
                if pendingHyphen && !slug.isEmpty { slug.append("-") }
                pendingHyphen = false
                slug.unicodeScalars.append(scalar)
            } else if scalar == "-" || scalar.properties.isWhitespace {
                pendingHyphen = true
            }
        }
        let trimmed = slug.trimmingCharacters(in: CharacterSet(charactersIn: "-_"))
        return String(trimmed.prefix(limit))
    }
}
