package io.loopshift.it.other;

import io.loopshift.it.apps.ClientApi;
import io.loopshift.it.apps.EchoServer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static net.bytebuddy.matcher.ElementMatchers.named;

/**
 * The application side of the coexistence test: it uses its own Byte Buddy, checks it cannot see
 * loopshift's classes, connects through a source: route, and reports whether the other agent's
 * advice ran. Prints {@code APP bytebuddy=.. generated=.. sees_loopshift=.. other_socket=.. other_net=..}
 * and the server's lines.
 */
public final class CoexistenceCheck {
    private CoexistenceCheck() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> generated = new ByteBuddy().subclass(Object.class).name("app.Generated")
                .method(named("toString")).intercept(FixedValue.value("made by the app's Byte Buddy"))
                .make().load(CoexistenceCheck.class.getClassLoader()).getLoaded();
        String version = ByteBuddy.class.getPackage().getImplementationVersion();
        try (EchoServer server = new EchoServer("127.0.0.1", 0)) {
            for (int i = 0; i < 10; i++) {
                ClientApi.SOCKET.exchange(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.port()));
            }
            System.out.println("APP bytebuddy=" + version + " generated=" + generated.getDeclaredConstructor().newInstance().toString().replace(' ', '_')
                    + " sees_loopshift=" + visible("io.loopshift.agent.LoopshiftAgent") + "/" + visible("io.loopshift.shaded.bytebuddy.ByteBuddy")
                    + " other_installed=" + System.getProperty("other.agent.installed")
                    + " other_socket=" + System.getProperty("other.agent.socket") + " other_net=" + System.getProperty("other.agent.net"));
            server.report();
        }
    }

    private static boolean visible(String className) {
        try {
            Class.forName(className, false, CoexistenceCheck.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException invisible) {
            return false;
        }
    }
}
