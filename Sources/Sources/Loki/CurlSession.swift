internal import CCurl
import Foundation

/// libcurl is initialised once per process, before any handle exists.
private let curlGlobalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

/// One libcurl easy handle, reused for every request so that connections are kept alive.
/// Not `Sendable`: a session belongs to one thread.
final class CurlSession {
    private let handle: UnsafeMutableRawPointer
    private let settings: LokiSettings
    private var headerList: UnsafeMutablePointer<curl_slist>?

    /// What a transfer failed with: curl's code and message.
    struct TransferFailure: Error {
        let code: Int
        let message: String
        /// Whether trying again may help (connection refused or reset, timeout, empty reply).
        var isTransient: Bool {
            let transient: [CURLcode] = [
                CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_RECV_ERROR, CURLE_SEND_ERROR,
                CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_COULDNT_RESOLVE_HOST,
            ]
            return transient.contains { Int($0.rawValue) == code }
        }
    }

    init(settings: LokiSettings, bearerToken: String?) throws(LokiError) {
        _ = curlGlobalInit
        guard let handle = curl_easy_init() else { throw .invalidAddress(settings.redactedAddress) }
        self.handle = handle
        self.settings = settings
        aegis_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        aegis_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, 15)
        aegis_curl_setopt_long(handle, CURLOPT_TIMEOUT, settings.requestTimeout)
        aegis_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        aegis_curl_setopt_string(handle, CURLOPT_USERAGENT, "aegis-audit")
        aegis_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")  // whatever curl can decode
        if let username = settings.username ?? URLComponents(string: settings.address)?.user {
            aegis_curl_setopt_long(handle, CURLOPT_HTTPAUTH, aegis_curlauth_basic())
            aegis_curl_setopt_string(handle, CURLOPT_USERNAME, username)
            aegis_curl_setopt_string(
                handle, CURLOPT_PASSWORD, settings.password ?? URLComponents(string: settings.address)?.password ?? "")
        }
        if let ca = settings.caCertificate { aegis_curl_setopt_string(handle, CURLOPT_CAINFO, ca) }
        if let certificate = settings.clientCertificate {
            aegis_curl_setopt_string(handle, CURLOPT_SSLCERT, certificate)
        }
        if let key = settings.clientKey { aegis_curl_setopt_string(handle, CURLOPT_SSLKEY, key) }
        if settings.skipTLSVerify {
            aegis_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 0)
            aegis_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 0)
        }
        var headers: [String] = []
        if let bearerToken { headers.append("Authorization: Bearer \(bearerToken)") }
        if let tenant = settings.tenant { headers.append("X-Scope-OrgID: \(tenant)") }
        for header in headers { headerList = curl_slist_append(headerList, header) }
        if let headerList { aegis_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList) }
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
    }

    /// GETs `url` (already encoded); the body is collected in memory (one page at most).
    func get(_ url: String) throws(TransferFailure) -> HTTPResponse {
        let collector = ResponseCollector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        aegis_curl_setopt_string(handle, CURLOPT_URL, url)
        aegis_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)
        aegis_curl_setopt_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let collector = Unmanaged<ResponseCollector>.fromOpaque(context!).takeUnretainedValue()
            let length = size * count
            data!.withMemoryRebound(to: UInt8.self, capacity: length) {
                collector.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
            }
            return length
        }
        aegis_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        aegis_curl_setopt_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let collector = Unmanaged<ResponseCollector>.fromOpaque(context!).takeUnretainedValue()
            let length = size * count
            let line = data!.withMemoryRebound(to: UInt8.self, capacity: length) {
                String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
            }
            collector.header(line)
            return length
        }
        aegis_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else {
            throw TransferFailure(code: Int(code.rawValue), message: String(cString: curl_easy_strerror(code)))
        }
        var status = 0
        aegis_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: collector.headers, body: collector.body)
    }

    /// Percent-encodes a query component (everything but RFC 3986's unreserved characters).
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}

/// Where the callbacks put a response while it arrives.
private final class ResponseCollector {
    var body: [UInt8] = []
    var headers: [String: String] = [:]

    func header(_ line: String) {
        if line.hasPrefix("HTTP/") {
            headers = [:]  // a new response (after 100 Continue, or a retry): start again
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        headers[name] = value
    }
}
