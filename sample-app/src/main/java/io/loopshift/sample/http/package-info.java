/**
 * Just enough HTTP/1.1 for the sample: messages with a Content-Length body, read from a blocking
 * stream or assembled from the buffers a non-blocking channel delivers, and written as bytes.
 */
package io.loopshift.sample.http;
