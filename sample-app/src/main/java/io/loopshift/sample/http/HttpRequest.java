package io.loopshift.sample.http;

import java.util.List;

/** A request: method, target (path and query), headers in order, body (possibly empty). */
public record HttpRequest(String method, String target, List<Header> headers, byte[] body) {

    public HttpRequest {
        headers = List.copyOf(headers);
    }

    public String header(String name) {
        return Header.first(headers, name);
    }
}
