import CCurl
import Foundation

/// One easy handle and the buffers it fills. Lives only on the curl loop's thread, from `add`
/// until the transfer completes, fails or is cancelled.
final class Transfer {
    let easy: UnsafeMutableRawPointer
    let pending: PendingRequest
    let limit: Int
    var body: [UInt8] = []
    /// The response's headers so far, names lower-cased (the last of a repeated name wins).
    var headers: [String: String] = [:]
    var exceededLimit = false
    private var headerList: UnsafeMutablePointer<curl_slist>?

    /// Creates and configures the easy handle; throws for a URL that is not http(s).
    init(_ request: ClientRequest, pending: PendingRequest) throws(HTTPClientError) {
        let lower = request.url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { throw .unsupportedURL(request.url) }
        guard let easy = curl_easy_init() else { throw .transport(code: -1, message: "curl_easy_init failed") }
        self.easy = easy
        self.pending = pending
        self.limit = request.maxResponseBytes
        configure(request)
    }

    private func configure(_ request: ClientRequest) {
        ccurl_easy_setopt_string(easy, CURLOPT_URL, request.url)
        // Safety settings every request gets: no signals (threads), http/https only, no
        // redirects, TLS always verified, bounded connect and total time, bounded size.
        ccurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        ccurl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        ccurl_easy_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        ccurl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
        ccurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1)
        ccurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2)
        ccurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, 10_000)
        ccurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, max(1, Int(request.timeout * 1000)))
        ccurl_easy_setopt_off_t(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxResponseBytes))
        ccurl_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, "")

        let method = request.method.uppercased()
        if let body = request.body {
            ccurl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            body.withUnsafeBytes { bytes in
                // COPYPOSTFIELDS copies the bytes, so the array need not outlive this call.
                _ = ccurl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
            }
        }
        if method != "GET" || request.body != nil {
            ccurl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method)
        }
        for header in request.headers {
            headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
        }
        // Without this, curl adds "Expect: 100-continue" to larger bodies and waits a second.
        headerList = curl_slist_append(headerList, "Expect:")
        ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)

        let context = Unmanaged.passUnretained(self).toOpaque()
        ccurl_easy_setopt_callback(easy, CURLOPT_WRITEFUNCTION, Transfer.onBody)
        ccurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context)
        ccurl_easy_setopt_callback(easy, CURLOPT_HEADERFUNCTION, Transfer.onHeader)
        ccurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context)
    }

    /// The response once curl reports the transfer done with `code`.
    func result(_ code: CURLcode) -> Result<ClientResponse, HTTPClientError> {
        if exceededLimit || code == CURLE_FILESIZE_EXCEEDED { return .failure(.tooLarge(limit: limit)) }
        if code == CURLE_OPERATION_TIMEDOUT { return .failure(.timedOut) }
        guard code == CURLE_OK else {
            return .failure(.transport(code: Int(code.rawValue), message: String(cString: curl_easy_strerror(code))))
        }
        var status = 0
        ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return .success(ClientResponse(status: status, headers: headers, body: body))
    }

    /// Frees the handle and the header list.
    func release() {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        headerList = nil
    }

    private static let onBody: ccurl_data_callback = { data, size, count, context in
        guard let data, let context else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        guard transfer.body.count + length <= transfer.limit else {
            transfer.exceededLimit = true
            return 0  // makes curl abort the transfer
        }
        data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            transfer.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
        }
        return length
    }

    private static let onHeader: ccurl_data_callback = { data, size, count, context in
        guard let data, let context else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            transfer.header(line: UnsafeBufferPointer(start: bytes, count: length))
        }
        return length
    }

    /// Takes one header line as curl hands it over (with its CRLF): a new status line (after
    /// 100 Continue or a proxy) starts a fresh header block; `Name: value` is kept, both trimmed.
    func header(line bytes: UnsafeBufferPointer<UInt8>) {
        let line = Self.trimmed(bytes[...])
        if line.starts(with: "HTTP/".utf8) {
            headers.removeAll()
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: Self.trimmed(line[..<colon]), as: UTF8.self).lowercased()
        headers[name] = String(decoding: Self.trimmed(line[(colon + 1)...]), as: UTF8.self)
    }

    /// `bytes` without the ASCII spaces, tabs and line ends around it.
    private static func trimmed(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
            return bytes[bytes.startIndex..<bytes.startIndex]
        }
        return bytes[first...last]
    }
}
