package io.loopshift.agent.boot;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;

/**
 * Defines {@link LoopshiftHooks} inside {@code java.base}, in package {@code sun.nio.ch}, through
 * a private lookup on {@code sun.nio.ch.Net}. Unlike appending a jar to the boot class path this
 * writes no file, keeps class data sharing on, and puts nothing where the application could load
 * it by name.
 */
public final class BootInjector {
    /** The name the hooks class has inside java.base. */
    public static final String BOOT_NAME = "sun.nio.ch.LoopshiftHooks";
    private static final String SOURCE_INTERNAL_NAME = LoopshiftHooks.class.getName().replace('.', '/');

    private BootInjector() {
    }

    /**
     * Returns the hooks class in java.base, defining it unless an earlier load of the agent did.
     *
     * @param netLookup a lookup with private access to {@code sun.nio.ch.Net}
     */
    public static Class<?> inject(MethodHandles.Lookup netLookup) throws IOException, ReflectiveOperationException {
        Class<?> existing = findDefined();
        if (existing != null) {
            int version = existing.getField("CONTRACT_VERSION").getInt(null);
            if (version != LoopshiftHooks.CONTRACT_VERSION) {
                throw new IllegalStateException("this JVM already holds loopshift hooks of contract version " + version
                        + " from an earlier agent; this agent needs version " + LoopshiftHooks.CONTRACT_VERSION + " (restart the JVM to change agent versions)");
            }
            return existing;
        }
        Class<?> defined = netLookup.defineClass(renameHooks(classFileOf(LoopshiftHooks.class)));
        Class<?> verified = findDefined();
        if (verified != defined) {
            throw new IllegalStateException(BOOT_NAME + " was defined but the boot loader does not find it");
        }
        return defined;
    }

    private static Class<?> findDefined() {
        try {
            return Class.forName(BOOT_NAME, false, null);
        } catch (ClassNotFoundException notYet) {
            return null;
        }
    }

    /** Rewrites every reference to {@link LoopshiftHooks} in a class file to its java.base name. */
    public static byte[] renameHooks(byte[] classFile) throws IOException {
        return ClassNameRewriter.rename(classFile, SOURCE_INTERNAL_NAME, BOOT_NAME.replace('.', '/'));
    }

    /** The class file of one of the agent's own classes, read from the agent jar. */
    public static byte[] classFileOf(Class<?> type) throws IOException {
        String resource = type.getName().replace('.', '/') + ".class";
        ClassLoader loader = type.getClassLoader();
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource) : loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("cannot read " + resource + " from the agent jar");
            }
            return in.readAllBytes();
        }
    }
}
