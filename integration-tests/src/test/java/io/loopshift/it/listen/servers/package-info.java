/**
 * Small applications on real, unmodified servers (the JDK's HttpServer, Tomcat, Jetty, Undertow,
 * Netty NIO and a plain ServerSocket), each listening on 127.0.0.1:&lt;port&gt; and answering every
 * request with the remote address its server reports. The listen tests start them in a fresh JVM
 * with nothing but {@code -javaagent} and {@code -Dloopshift.listen=...}.
 */
package io.loopshift.it.listen.servers;
