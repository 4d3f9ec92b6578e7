package io.loopshift.agent.boot;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.ProtectionDomain;

/**
 * Defines {@link LoopshiftHooks} inside {@code java.base}, in package {@code sun.nio.ch}, through
 * a private lookup on {@code sun.nio.ch.Net}. Unlike appending a jar to the boot class path this
 * writes no file, keeps class data sharing on, and puts nothing where the application could load
 * it by name. {@link NettyHooks} is defined in the boot loader too, but outside java.base, since
 * the classes that call it live in the application's class loaders.
 */
public final class BootInjector {
    /**
     * The class of {@code sun.nio.ch} whose lookup defines the hooks class: loaded with
     * {@code java.nio}'s direct buffers at every JVM's start, unlike {@code Net}, which the agent
     * weaves as it loads.
     */
    public static final String LOOKUP_ANCHOR = "sun.nio.ch.DirectBuffer";
    /** The name the hooks class has inside java.base. */
    public static final String BOOT_NAME = "sun.nio.ch.LoopshiftHooks";
    /** The name of {@link NettyHooks} in the boot loader: a package of its own, which the agent's loader never defines. */
    public static final String NETTY_BOOT_NAME = "io.loopshift.hooks.NettyHooks";
    /**
     * {@link LoopshiftHooks}'s own name, as text: naming the class would make the agent's loader
     * define it too, which premain would pay for and nothing uses (a test keeps the two equal).
     */
    static final String SOURCE_NAME = "io.loopshift.agent.boot.LoopshiftHooks";
    private static final String SOURCE_INTERNAL_NAME = SOURCE_NAME.replace('.', '/');

    private BootInjector() {
    }

    /**
     * Returns the hooks class in java.base, defining it unless an earlier load of the agent did.
     *
     * @param packageLookup a lookup with private access to a class of {@code sun.nio.ch} ({@link #LOOKUP_ANCHOR})
     */
    public static Class<?> inject(MethodHandles.Lookup packageLookup) throws IOException, ReflectiveOperationException {
        Class<?> existing = findDefined();
        if (existing != null) {
            checkVersion(existing, LoopshiftHooks.CONTRACT_VERSION);
            return existing;
        }
        Class<?> defined = packageLookup.defineClass(renameHooks(classFileOf(SOURCE_NAME, BootInjector.class.getClassLoader())));
        Class<?> verified = findDefined();
        if (verified != defined) {
            throw new IllegalStateException(BOOT_NAME + " was defined but the boot loader does not find it");
        }
        return defined;
    }

    /**
     * Returns {@link NettyHooks} as defined in the boot loader's unnamed module (so that classes of
     * any class loader can link against it), defining it unless an earlier load of the agent did.
     *
     * @param classLoaderLookup a lookup with private access to {@code java.lang.ClassLoader}
     */
    public static Class<?> injectNettyHooks(MethodHandles.Lookup classLoaderLookup) throws IOException, ReflectiveOperationException {
        Class<?> existing = findDefined(NETTY_BOOT_NAME);
        if (existing != null) {
            checkVersion(existing, NettyHooks.CONTRACT_VERSION);
            return existing;
        }
        byte[] classFile = ClassNameRewriter.rename(classFileOf(NettyHooks.class), NettyHooks.class.getName().replace('.', '/'),
                NETTY_BOOT_NAME.replace('.', '/'));
        // ClassLoader.defineClass1 with a null loader defines into the boot loader, as -Xbootclasspath/a would, without a file.
        MethodHandle defineClass1 = classLoaderLookup.findStatic(ClassLoader.class, "defineClass1", MethodType.methodType(Class.class,
                ClassLoader.class, String.class, byte[].class, int.class, int.class, ProtectionDomain.class, String.class));
        Class<?> defined;
        try {
            defined = (Class<?>) defineClass1.invokeExact((ClassLoader) null, NETTY_BOOT_NAME, classFile, 0, classFile.length,
                    (ProtectionDomain) null, (String) null);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
        if (findDefined(NETTY_BOOT_NAME) != defined) {
            throw new IllegalStateException(NETTY_BOOT_NAME + " was defined but the boot loader does not find it");
        }
        return defined;
    }

    private static void checkVersion(Class<?> existing, int needed) throws ReflectiveOperationException {
        int version = existing.getField("CONTRACT_VERSION").getInt(null);
        if (version != needed) {
            throw new IllegalStateException("this JVM already holds " + existing.getName() + " of contract version " + version
                    + " from an earlier agent; this agent needs version " + needed + " (restart the JVM to change agent versions)");
        }
    }

    private static Class<?> findDefined() {
        return findDefined(BOOT_NAME);
    }

    private static Class<?> findDefined(String name) {
        try {
            return Class.forName(name, false, null);
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
        return classFileOf(type.getName(), type.getClassLoader());
    }

    private static byte[] classFileOf(String className, ClassLoader loader) throws IOException {
        String resource = className.replace('.', '/') + ".class";
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource) : loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("cannot read " + resource + " from the agent jar");
            }
            return in.readAllBytes();
        }
    }
}
