import FlowCoachHTTP
import Foundation

/// Authenticated JSON calls to the Matrix client-server API. The token goes only into the
/// Authorization header; it is never logged or put in a URL.
struct MatrixAPI: Sendable {
    let homeserver: String
    let token: String
    let http: HTTPClient

    /// Characters allowed unescaped in one path segment (room ids carry `!` and `:`).
    static let segment = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: segment) ?? value
    }

    /// Performs a call and returns the body of a 2xx answer; other statuses throw `PlatformError.rejected`.
    func call(
        _ method: String, _ path: String, query: [(String, String)] = [], json: [String: Any]? = nil, timeout: Double = 30,
        retry: RetryPolicy? = nil
    ) async throws -> [UInt8] {
        var url = homeserver.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/_matrix/client/v3" + path
        if !query.isEmpty {
            url += "?" + query.map { "\($0.0)=\(Self.escape($0.1))" }.joined(separator: "&")
        }
        var headers = [(name: "Authorization", value: "Bearer \(token)")]
        var body: [UInt8]?
        if let json {
            headers.append((name: "Content-Type", value: "application/json"))
            body = try JSONBody.encode(json)
        }
        let request = ClientRequest(method: method, url: url, headers: headers, body: body, timeout: timeout)
        let response = try await http.send(request, retry: retry)
        guard (200..<300).contains(response.status) else {
            let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
            throw PlatformError.rejected(
                status: response.status, errcode: object?["errcode"] as? String ?? "", message: object?["error"] as? String ?? response.text)
        }
        return response.body
    }

    /// Decodes a JSON answer; one that does not fit `type` is `PlatformError.malformed`.
    static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8]) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch {
            throw PlatformError.malformed("\(T.self): \(error)")
        }
    }
}
