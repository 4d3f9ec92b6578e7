package io.loopshift.it;

import io.loopshift.it.support.ChildJvm;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built agent jar's layout, as BlockHound's JarFileShadingTest checks its own: only the
 * launcher is loadable from the root (the application's class loader has the jar on its path);
 * everything else, the relocated Byte Buddy included, is {@code .classdata} under
 * {@code loopshift-classes/}; nothing names {@code net/bytebuddy}; the manifest declares the
 * entry points and the retransformation the agent needs, and no boot class path.
 */
class AgentJarContentsIT {
    private static final String LAUNCHER = "io.loopshift.launcher.AgentLauncher";
    private static final String HIDDEN = "loopshift-classes/";
    /** Strings ASM compares callers' class names with (its experimental-API check), not classes it uses. */
    private static final List<String> NOT_CLASSES = List.of("io/loopshift/shaded/bytebuddy/jar/asm/util/Trace", "io/loopshift/shaded/bytebuddy/jar/asm/util/Check");

    @Test
    void onlyTheLauncherIsAtTheRootEverythingElseIsHiddenClassdata() throws IOException {
        List<String> unexpected = new ArrayList<>();
        int classdata = 0;
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (name.contains("net/bytebuddy")) {
                    unexpected.add(name + " (unrelocated Byte Buddy)");
                } else if (name.startsWith(HIDDEN)) {
                    if (name.endsWith(".class")) {
                        unexpected.add(name + " (a loadable class under " + HIDDEN + ")");
                    } else if (name.endsWith(".classdata")) {
                        classdata++;
                        if (!name.startsWith(HIDDEN + "io/loopshift/agent/") && !name.startsWith(HIDDEN + "io/loopshift/shaded/bytebuddy/")) {
                            unexpected.add(name + " (classdata outside the agent and the relocated Byte Buddy)");
                        }
                    }
                } else if (!atRoot(name)) {
                    unexpected.add(name);
                }
            }
            assertEquals(List.of(), unexpected);
            assertTrue(classdata > 100, "only " + classdata + " .classdata entries");
            for (String required : List.of("io/loopshift/launcher/AgentLauncher.class", "io/loopshift/launcher/isolated/IsolatedClassLoader.class",
                    HIDDEN + "io/loopshift/agent/LoopshiftAgent.classdata", HIDDEN + "io/loopshift/agent/boot/LoopshiftHooks.classdata",
                    HIDDEN + "io/loopshift/shaded/bytebuddy/jar/asm/ClassReader.classdata")) {
                assertTrue(jar.getJarEntry(required) != null, "missing " + required);
            }
        }
    }

    /**
     * Of Byte Buddy, the jar keeps only the ASM it repackages and the attach API: the rest would
     * only enlarge the jar the JVM opens at start-up. Every relocated class a class of the jar
     * names is in the jar, so nothing the agent uses was left out.
     */
    @Test
    void ofByteBuddyOnlyAsmAndTheAttachApiAreShippedAndNothingNamedIsMissing() throws IOException {
        String shaded = "io/loopshift/shaded/bytebuddy/";
        Pattern named = Pattern.compile(Pattern.quote(shaded) + "[A-Za-z0-9_/$]+");
        List<String> outside = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (name.startsWith(HIDDEN + shaded) && name.endsWith(".classdata")
                        && !name.startsWith(HIDDEN + shaded + "jar/asm/") && !name.startsWith(HIDDEN + shaded + "agent/")) {
                    outside.add(name);
                }
                if (!name.endsWith(".classdata")) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                    Matcher reference = named.matcher(text);
                    while (reference.find()) {
                        String className = reference.group();
                        boolean packageInfo = reference.end() < text.length() && text.charAt(reference.end()) == '-';
                        if (!className.endsWith("/") && !packageInfo && !NOT_CLASSES.contains(className)
                                && jar.getJarEntry(HIDDEN + className + ".classdata") == null && !missing.contains(className)) {
                            missing.add(className + " (named by " + name + ")");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), outside, "relocated Byte Buddy classes other than ASM and the attach API");
        assertEquals(List.of(), missing, "relocated classes named but not in the jar");
    }

    @Test
    void noHiddenClassReferencesByteBuddyUnderItsOwnName() throws IOException {
        List<String> referencing = new ArrayList<>();
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (entry.getName().endsWith(".classdata") || entry.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        if (new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains("net/bytebuddy/")) {
                            referencing.add(entry.getName());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), referencing, "class files that still link against net.bytebuddy");
    }

    @Test
    void theManifestDeclaresTheLauncherAndRetransformationAndNoBootClassPath() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals(LAUNCHER, main.getValue("Premain-Class"));
            assertEquals(LAUNCHER, main.getValue("Agent-Class"));
            assertEquals(LAUNCHER, main.getValue("Main-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
            assertEquals("true", main.getValue("Can-Redefine-Classes"));
            assertEquals("loopshift-agent", main.getValue("Implementation-Title"));
            assertFalse(main.getValue("Implementation-Version") == null || main.getValue("Implementation-Version").isBlank());
            assertNull(main.getValue("Boot-Class-Path"), "the agent must not put a jar on the boot class path");
            assertNull(main.getValue("Launcher-Agent-Class"));
            assertNull(main.getValue("Class-Path"), "the application's class path must not grow");
        }
    }

    /** What may sit at the jar's root: the manifest and licences, and the launcher's package. */
    private static boolean atRoot(String name) {
        return name.equals("META-INF/") || name.equals("META-INF/MANIFEST.MF") || name.startsWith("META-INF/licenses/")
                || name.equals("io/") || name.equals("io/loopshift/") || name.startsWith("io/loopshift/launcher/")
                || name.equals(HIDDEN);
    }
}
