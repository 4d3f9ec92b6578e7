package io.loopshift.it.listen;

import io.loopshift.it.listen.servers.JdkHttpServerApp;
import io.loopshift.it.listen.servers.JettyApp;
import io.loopshift.it.listen.servers.NettyApp;
import io.loopshift.it.listen.servers.PlainServerSocketApp;
import io.loopshift.it.listen.servers.TomcatApp;
import io.loopshift.it.listen.servers.UndertowApp;

/** The real servers under test and the application that runs each. */
enum ServerKind {
    JDK_HTTPSERVER("jdk-httpserver", JdkHttpServerApp.class),
    TOMCAT("tomcat", TomcatApp.class),
    JETTY("jetty", JettyApp.class),
    UNDERTOW("undertow", UndertowApp.class),
    NETTY_NIO("netty-nio", NettyApp.class),
    SERVER_SOCKET("serversocket", PlainServerSocketApp.class);

    private final String key;
    private final Class<?> application;

    ServerKind(String key, Class<?> application) {
        this.key = key;
        this.application = application;
    }

    String key() {
        return key;
    }

    Class<?> application() {
        return application;
    }
}
