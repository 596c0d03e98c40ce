import Foundation

/// Where a platform's secret (a token, an API key, a signing secret) comes from: an environment
/// variable, checked first, or a file. Under systemd (`$CREDENTIALS_DIRECTORY` set) the file
/// names a credential: relative to that directory and never outside it, so the unit's
/// `LoadCredential=` is the only way the secret arrives. What it says when it finds nothing
/// names the places it looked, never the secret.
struct Secret {
    /// The environment variable and the file the settings name (either may be unset).
    var env: String?
    var file: String?
    /// The settings' keys for them, e.g. `access_token_env` and `access_token_file`, and the
    /// section they belong under, e.g. `matrix`.
    var keys: (env: String, file: String)
    var section: String
    /// A credential name for the example in the message about a file outside the credentials.
    var credential: String

    /// A file outside `$CREDENTIALS_DIRECTORY`; says what to write instead.
    struct OutsideCredentials: Error {
        let message: String
    }

    /// The trimmed secret, or nil when neither place holds one.
    func value(environment: [String: String]) throws(OutsideCredentials) -> String? {
        if let env, let value = environment[env]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty { return value }
        guard let file else { return nil }
        let path = try path(of: file, credentials: environment["CREDENTIALS_DIRECTORY"])
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }

    /// Where it looked (or which keys to set when none is), for the message when nothing was found.
    var places: String {
        let places = [env.map { "environment variable \($0)" }, file.map { "file \($0)" }].compactMap { $0 }
        return places.isEmpty ? "set \(keys.env) or \(keys.file) under \(section):" : "looked in " + places.joined(separator: " and ")
    }

    /// Where `file` is: under systemd, inside the credentials directory.
    func path(of file: String, credentials: String?) throws(OutsideCredentials) -> String {
        guard let credentials, !credentials.isEmpty else { return file }
        let base = (credentials as NSString).standardizingPath
        let path = ((file.hasPrefix("/") ? file : base + "/" + file) as NSString).standardizingPath
        guard path.hasPrefix(base + "/") else {
            throw OutsideCredentials(
                message: "\(keys.file) `\(file)` is outside $CREDENTIALS_DIRECTORY (\(credentials)); name the credential instead, e.g. `\(credential)` for LoadCredential=\(credential):/etc/flowcoach/\(credential)")
        }
        return path
    }
}
