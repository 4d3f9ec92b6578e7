package io.loopshift.sample.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A response: status, reason phrase, headers in order (without Content-Length, which is written from the body), body. */
public record HttpResponse(int status, String reason, List<Header> headers, byte[] body) {

    public HttpResponse {
        headers = List.copyOf(headers);
    }

    public static HttpResponse text(int status, String reason, String contentType, String body, Header... extra) {
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("Content-Type", contentType));
        headers.addAll(List.of(extra));
        return new HttpResponse(status, reason, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    public String header(String name) {
        return Header.first(headers, name);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
