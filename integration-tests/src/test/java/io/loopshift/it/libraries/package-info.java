/**
 * Real Netty-based client libraries (gRPC-java with grpc-netty-shaded, Reactor Netty, Lettuce) on
 * their default Linux transport, native epoll, each driven by a checker main in a fresh JVM with
 * and without the agent, against a real server on a Unix socket or in a small network namespace.
 */
package io.loopshift.it.libraries;
