/// One HTTP request for the curl loop.
public struct ClientRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// The whole transfer must finish within this many seconds (a long poll's must exceed the
    /// server-side wait).
    public var timeout: Double
    /// A larger response is aborted with `HTTPClientError.tooLarge`.
    public var maxResponseBytes: Int

    public init(
        method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        timeout: Double = 30, maxResponseBytes: Int = 8 << 20
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }
}

/// A complete HTTP response.
public struct ClientResponse: Sendable {
    public var status: Int
    /// Header names in lower case; a repeated header keeps its last value.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Why a request produced no response.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Only http:// and https:// URLs are allowed.
    case unsupportedURL(String)
    case timedOut
    case cancelled
    /// The response exceeded `maxResponseBytes`.
    case tooLarge(limit: Int)
    /// Connection refused, DNS failure, TLS failure...: curl's code and message.
    case transport(code: Int, message: String)
    /// The client was shut down before the request finished.
    case shutDown

    public var description: String {
        switch self {
        case .unsupportedURL(let url): "unsupported URL \(url): only http and https are allowed"
        case .timedOut: "the request timed out"
        case .cancelled: "the request was cancelled"
        case .tooLarge(let limit): "the response is larger than \(limit) bytes"
        case .transport(let code, let message): "transport error \(code): \(message)"
        case .shutDown: "the HTTP client is shut down"
        }
    }
}
