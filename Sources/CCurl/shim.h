#ifndef AEGIS_CCURL_SHIM_H
#define AEGIS_CCURL_SHIM_H
#include <curl/curl.h>

/// curl_easy_setopt and curl_easy_getinfo are variadic: typed wrappers Swift can call.
static inline CURLcode aegis_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode aegis_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode aegis_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode aegis_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
typedef size_t (*aegis_curl_data_callback)(char *data, size_t size, size_t count, void *context);
static inline CURLcode aegis_curl_setopt_callback(CURL *h, CURLoption o, aegis_curl_data_callback v) { return curl_easy_setopt(h, o, v); }
/// CURLAUTH_BASIC is a cast macro Swift cannot import.
static inline long aegis_curlauth_basic(void) { return (long)CURLAUTH_BASIC; }
static inline CURLcode aegis_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
#endif
