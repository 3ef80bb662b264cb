// The worker-thread half of serving a request: CORS preflight, routing,
// body decompression and the handler call. Pure functions of their inputs,
// so they are tested without sockets.
#pragma once

#include <cstddef>
#include <string_view>

#include "net/http/cors.h"
#include "net/http/request.h"
#include "net/http/router.h"

namespace waggle::net::http {

// Answers `*request` (its body still as received): preflight, route, then
// decompress the body in place (413 over `max_body_bytes`, 400 corrupt, 415
// unknown encoding) and call the handler. Errors are rendered by the
// matched route's renderer (or the default). A throwing handler yields a 500.
// Thread-safe; may block as long as the handler does.
Response Dispatch(const Router& router, const CorsPolicy& cors, size_t max_body_bytes,
                  Request* request);

// Renders `status` for `request` with the renderer of the route its method
// and path would reach (the default renderer if none), adding CORS headers.
// Thread-safe and non-blocking if the renderers are.
Response RenderError(const Router& router, const CorsPolicy& cors, const Request& request,
                     int status, std::string_view message);

}  // namespace waggle::net::http
