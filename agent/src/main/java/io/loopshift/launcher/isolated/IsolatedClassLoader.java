package io.loopshift.launcher.isolated;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.AllPermission;
import java.security.CodeSource;
import java.security.Permissions;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's classes and resources from entries under {@value #PREFIX} in the agent jar,
 * classes stored as {@code .classdata} so that the system class loader (which has the jar on its
 * path because of {@code -javaagent}) never finds them by name. Its parent is the platform class
 * loader: the agent sees the JDK, not the application, and the application does not see it.
 * Its classes hold AllPermission whatever the SecurityManager's policy says.
 */
final class IsolatedClassLoader extends ClassLoader {
    static final String PREFIX = "loopshift-classes/";

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final URL jarUrl;
    private final ProtectionDomain domain;

    private IsolatedClassLoader(JarFile jar, URL jarUrl) {
        super("loopshift", ClassLoader.getPlatformClassLoader());
        this.jar = jar;
        this.jarUrl = jarUrl;
        // AllPermission, fixed rather than asked of the policy: the agent holds Instrumentation, so it
        // is as trusted as the command line that loaded it, and its handlers run as privileged.
        Permissions all = new Permissions();
        all.add(new AllPermission());
        this.domain = new ProtectionDomain(new CodeSource(jarUrl, (Certificate[]) null), all);
    }

    static IsolatedClassLoader forJarOf(Class<?> type) throws Exception {
        URL location = type.getProtectionDomain().getCodeSource().getLocation();
        File file = new File(location.toURI());
        return new IsolatedClassLoader(new JarFile(file, false), location);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".classdata");
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        try (InputStream in = jar.getInputStream(entry)) {
            byte[] bytes = read(in, entry.getSize());
            definePackageOf(name);
            return defineClass(name, bytes, 0, bytes.length, domain);
        } catch (IOException unreadable) {
            throw new ClassNotFoundException(name, unreadable);
        }
    }

    /**
     * The entry's bytes into one array of its recorded size: premain runs this interpreted for
     * every class it loads, and {@code readAllBytes} grows and copies buffers to find the end.
     */
    private static byte[] read(InputStream in, long size) throws IOException {
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            return in.readAllBytes();
        }
        byte[] bytes = new byte[(int) size];
        int read = in.readNBytes(bytes, 0, bytes.length);
        if (read != bytes.length) {
            throw new IOException("the jar entry's size does not match its data");
        }
        return bytes;
    }

    /** Packages get the jar manifest's version, so {@code Package.getImplementationVersion()} works. */
    private void definePackageOf(String className) throws IOException {
        int dot = className.lastIndexOf('.');
        if (dot < 0) {
            return;
        }
        String packageName = className.substring(0, dot);
        if (getDefinedPackage(packageName) == null) {
            Attributes main = jar.getManifest().getMainAttributes();
            try {
                definePackage(packageName, null, null, null, main.getValue(Attributes.Name.IMPLEMENTATION_TITLE),
                        main.getValue(Attributes.Name.IMPLEMENTATION_VERSION), null, null);
            } catch (IllegalArgumentException definedConcurrently) {
                // another thread defined it first
            }
        }
    }

    /**
     * An entry of the agent's own, read straight from the jar this loader holds open: through a
     * {@code jar:} URL it would load and open the URL machinery at start-up (the hooks classes'
     * bytes are read this way in premain). Every other name is looked up as usual.
     */
    @Override
    public InputStream getResourceAsStream(String name) {
        JarEntry entry = jar.getJarEntry(entryName(name));
        if (entry == null) {
            return super.getResourceAsStream(name);
        }
        try {
            return jar.getInputStream(entry);
        } catch (IOException unreadable) {
            return null;
        }
    }

    private static String entryName(String name) {
        return name.endsWith(".class") ? PREFIX + name.substring(0, name.length() - ".class".length()) + ".classdata" : PREFIX + name;
    }

    @Override
    protected URL findResource(String name) {
        String entryName = entryName(name);
        if (jar.getJarEntry(entryName) == null) {
            return null;
        }
        try {
            return new URL("jar:" + jarUrl + "!/" + entryName);
        } catch (IOException impossible) { // MalformedURLException, by its superclass: a catch type is loaded at verification
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }
}
