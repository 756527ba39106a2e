import Foundation
import SentryMirrorCLI

let status = await SentryMirrorCLI.run(arguments: Array(CommandLine.arguments.dropFirst()))
exit(status)
