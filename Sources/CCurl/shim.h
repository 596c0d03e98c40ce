// libcurl for Swift. curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are C variadic
// functions, which Swift cannot call; each wrapper below fixes one argument type. Every symbol
// defined here starts with `ccurl_`.
#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H

// Without libcurl's headers (a fresh machine), the build says what to do and nothing else.
#if !__has_include(<curl/curl.h>)
#error "libcurl's headers are missing: run 'bash scripts/setup.sh' (it installs libcurl4-openssl-dev and pkg-config), then build again"
#else
#include <curl/curl.h>

/// Callback type for CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION.
typedef size_t (*ccurl_data_callback)(char *data, size_t size, size_t count, void *context);

/// curl_easy_setopt with a long (flags, timeouts, sizes).
static inline CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/// curl_easy_setopt with a C string (URL, method, protocols); libcurl copies it.
static inline CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/// curl_easy_setopt with an opaque pointer (WRITEDATA, HEADERDATA, PRIVATE).
static inline CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/// curl_easy_setopt with a curl_off_t (POSTFIELDSIZE_LARGE, MAXFILESIZE_LARGE).
static inline CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/// curl_easy_setopt with a data callback (WRITEFUNCTION, HEADERFUNCTION).
static inline CURLcode ccurl_easy_setopt_callback(CURL *handle, CURLoption option, ccurl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

/// curl_easy_setopt with a header list (HTTPHEADER); the list must outlive the transfer.
static inline CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/// curl_easy_getinfo for a long result (RESPONSE_CODE).
static inline CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/// curl_easy_getinfo for a pointer result (PRIVATE).
static inline CURLcode ccurl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

/// curl_multi_setopt with a long (MAXCONNECTS, MAX_HOST_CONNECTIONS).
static inline CURLMcode ccurl_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

/// The result code of a finished transfer: CURLMsg keeps it in a union Swift cannot name well.
static inline CURLcode ccurl_msg_result(const CURLMsg *message) {
    return message->data.result;
}

#endif  // __has_include(<curl/curl.h>)

#endif
